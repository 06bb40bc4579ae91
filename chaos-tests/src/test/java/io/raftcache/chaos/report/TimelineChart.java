package io.raftcache.chaos.report;

import io.raftcache.chaos.history.History.FaultEvent;
import io.raftcache.chaos.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An SVG chart of a run: operations completed per second and the p99 latency, per 100 ms, with
 * each fault marked from injection (red) to heal (green), so a failover shows at a glance.
 */
public final class TimelineChart {
  private static final long BUCKET_NANOS = 100_000_000;
  private static final int WIDTH = 1400;
  private static final int PANEL = 180;
  private static final int LEFT = 70;
  private static final int TOP = 30;
  /** Beyond this many faults the names would overlap; the report's tables list them instead. */
  private static final int MAX_LABELLED_FAULTS = 40;

  private TimelineChart() {}

  /** Throughput (ops/s) and p99 latency (ms) of operations completing in each 100 ms bucket. */
  record Series(double[] throughput, double[] p99Millis) {}

  static Series series(List<Op> ops, long originNanos) {
    long end = ops.stream().mapToLong(Op::completeNanos).max().orElse(originNanos);
    int buckets = (int) Math.max(1, (end - originNanos) / BUCKET_NANOS + 1);
    List<List<Long>> latencies = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      latencies.add(new ArrayList<>());
    }
    for (Op op : ops) {
      int b = (int) ((op.completeNanos() - originNanos) / BUCKET_NANOS);
      if (b >= 0 && b < buckets) {
        latencies.get(b).add(op.completeNanos() - op.invokeNanos());
      }
    }
    double[] throughput = new double[buckets];
    double[] p99 = new double[buckets];
    for (int i = 0; i < buckets; i++) {
      List<Long> l = latencies.get(i);
      throughput[i] = l.size() * 10.0;
      if (!l.isEmpty()) {
        long[] sorted = l.stream().mapToLong(Long::longValue).sorted().toArray();
        p99[i] = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
      }
    }
    return new Series(throughput, p99);
  }

  public static String svg(List<Op> ops, List<FaultEvent> faults, long originNanos, String title) {
    Series s = series(ops, originNanos);
    int buckets = s.throughput().length;
    double seconds = buckets / 10.0;
    int height = TOP + 2 * PANEL + 90;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
        + "font-family='sans-serif' font-size='11'>%n", WIDTH + LEFT + 20, height));
    svg.append("<rect width='100%' height='100%' fill='white'/>\n");
    svg.append(String.format("<text x='%d' y='18' font-size='14'>%s</text>%n", LEFT, escape(title)));
    double xScale = WIDTH / Math.max(seconds, 1);
    panel(svg, s.throughput(), TOP, "ops/s", "#1f77b4", xScale);
    panel(svg, s.p99Millis(), TOP + PANEL + 30, "p99 ms", "#ff7f0e", xScale);
    for (FaultEvent f : faults) {
      double inject = LEFT + (f.injectedNanos() - originNanos) / 1e9 * xScale;
      double heal = LEFT + (f.healedNanos() - originNanos) / 1e9 * xScale;
      int bottom = TOP + 2 * PANEL + 30;
      svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='red' opacity='0.08'/>%n",
          inject, TOP, Math.max(1, heal - inject), bottom - TOP));
      svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='red'/>%n", inject, TOP, inject, bottom));
      svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='green' stroke-dasharray='3,2'/>%n",
          heal, TOP, heal, bottom));
      if (faults.size() <= MAX_LABELLED_FAULTS) {
        svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' fill='red' transform='rotate(60 %.1f %d)'>%s</text>%n",
            inject, bottom + 12, inject, bottom + 12, escape(f.fault())));
      }
    }
    for (int t = 0; t <= seconds; t += tick(seconds)) {
      double x = LEFT + t * xScale;
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='#555'>%ds</text>%n",
          x, TOP + PANEL + 14, t));
    }
    svg.append(String.format("<text x='%d' y='%d' fill='#555'>red band: fault injected until healed; "
        + "throughput and p99 latency of operations completing in each 100 ms</text>%n", LEFT, height - 6));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void panel(StringBuilder svg, double[] values, int top, String label, String color, double xScale) {
    double max = Arrays.stream(values).max().orElse(1);
    max = max <= 0 ? 1 : niceCeiling(max);
    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#ccc'/>%n",
        LEFT, top, WIDTH, PANEL));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>%n", LEFT - 6, top + 10, fmt(max)));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>0</text>%n", LEFT - 6, top + PANEL));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end' fill='%s'>%s</text>%n",
        LEFT - 6, top + PANEL / 2, color, label));
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      double x = LEFT + (i / 10.0) * xScale;
      double y = top + PANEL - values[i] / max * PANEL;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    svg.append(String.format("<polyline fill='none' stroke='%s' stroke-width='1' points='%s'/>%n", color, points));
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static int tick(double seconds) {
    for (int t : new int[] {1, 2, 5, 10, 30, 60, 120, 300}) {
      if (seconds / t <= 30) {
        return t;
      }
    }
    return 600;
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
