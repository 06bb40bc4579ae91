package io.raftcache.node.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counting;
import org.apache.ratis.thirdparty.com.codahale.metrics.Gauge;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metered;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Sampling;
import org.apache.ratis.thirdparty.com.codahale.metrics.Snapshot;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Ratis's own metrics (elections, log flushes — the fsyncs —, appends, snapshots, each
 * follower's indexes) as Prometheus metrics, read from Ratis's registries at every scrape. Ratis
 * names a metric {@code ratis.<component>.<member>.<name>}; exported, that is {@code
 * ratis_<component>_<name>}, with a {@code peer} label where Ratis puts a peer's id at the front
 * of the name (e.g. {@code follower_n2_match_index} becomes {@code
 * ratis_log_appender_match_index{peer="n2"}}). Ratis keeps them in its (shaded) Dropwizard
 * registries; numbers become gauges, counters and meters counters, timers summaries in seconds
 * with their median and 99th percentile. The registries are global to the JVM; only this node's
 * are exported.
 */
final class RatisMetricsBridge implements MultiCollector {
  private static final double NANOS_PER_SECOND = 1e9;

  private final String nodeId;
  private final List<String> peers;

  /** @param peers every member's id, to be told apart inside Ratis's names */
  RatisMetricsBridge(String nodeId, List<String> peers) {
    this.nodeId = nodeId;
    this.peers = peers;
  }

  /** One exported series: its metric name, its peer label (or null) and Ratis's metric. */
  private record Series(String name, String peer, Metric metric) {}

  @Override
  public MetricSnapshots collect() {
    Map<String, List<Series>> byName = new TreeMap<>();
    for (RatisMetricRegistry registry : MetricRegistries.global().getMetricRegistries()) {
      String prefix = registry.getMetricRegistryInfo().getPrefix();
      if (!(registry instanceof RatisMetricRegistryImpl ratis)
          || !prefix.equals(nodeId) && !prefix.startsWith(nodeId + "@")) { // a member id is node@group
        continue;
      }
      String component = registry.getMetricRegistryInfo().getMetricsComponentName();
      ratis.getDropWizardMetricRegistry().getMetrics().forEach((key, metric) -> {
        Series series = series(component, prefix, key, metric);
        byName.computeIfAbsent(series.name(), n -> new ArrayList<>()).add(series);
      });
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    byName.forEach((name, series) -> {
      MetricSnapshot snapshot = snapshot(name, series);
      if (snapshot != null) {
        snapshots.metricSnapshot(snapshot);
      }
    });
    return snapshots.build();
  }

  private Series series(String component, String prefix, String key, Metric metric) {
    int at = key.indexOf(prefix + ".");
    String name = at < 0 ? key : key.substring(at + prefix.length() + 1);
    String peer = null;
    for (String id : peers) {
      for (String lead : List.of(id + "_", "follower_" + id + "_")) {
        if (name.startsWith(lead)) {
          peer = id;
          name = name.substring(lead.length());
        }
      }
    }
    String suffix = metric instanceof Timer ? "_seconds" : "";
    return new Series(PrometheusNaming.sanitizeMetricName("ratis_" + component + "_" + name) + suffix, peer, metric);
  }

  /** Null if Ratis's metric is of no kind exported (a gauge whose value is not a number). */
  private static MetricSnapshot snapshot(String name, List<Series> series) {
    String help = "Ratis's " + name.substring("ratis_".length());
    Metric first = series.get(0).metric();
    if (first instanceof Gauge<?>) {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
      int points = 0;
      for (Series s : series) {
        if (s.metric() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
          gauge.dataPoint(GaugeDataPointSnapshot.builder().value(n.doubleValue()).labels(labels(s)).build());
          points++;
        }
      }
      return points == 0 ? null : gauge.build();
    }
    if (first instanceof Counter || first instanceof Metered && !(first instanceof Timer)) {
      CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
      for (Series s : series) {
        if (s.metric() instanceof Counting c) {
          counter.dataPoint(CounterDataPointSnapshot.builder().value(Math.max(0, c.getCount())).labels(labels(s)).build());
        }
      }
      return counter.build();
    }
    if (first instanceof Sampling && first instanceof Counting) {
      double perUnit = first instanceof Timer ? NANOS_PER_SECOND : 1;
      SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name).help(help + (perUnit == 1 ? "" : " in seconds"));
      for (Series s : series) {
        if (s.metric() instanceof Sampling sampled && s.metric() instanceof Counting counted) {
          summary.dataPoint(summaryPoint(counted.getCount(), sampled.getSnapshot(), perUnit, labels(s)));
        }
      }
      return summary.build();
    }
    return null;
  }

  private static Labels labels(Series s) {
    return s.peer() == null ? Labels.EMPTY : Labels.of("peer", s.peer());
  }

  private static SummaryDataPointSnapshot summaryPoint(long count, Snapshot values, double perUnit, Labels labels) {
    Quantiles quantiles = Quantiles.builder()
        .quantile(0.5, values.getMedian() / perUnit)
        .quantile(0.99, values.get99thPercentile() / perUnit)
        .build();
    // Dropwizard keeps no running sum; the mean of its sample times the count stands in for it.
    return SummaryDataPointSnapshot.builder().count(count).sum(values.getMean() * count / perUnit)
        .quantiles(quantiles).labels(labels).build();
  }

  /** Not known before the first scrape: Ratis creates its registries as the server starts. */
  @Override
  public List<String> getPrometheusNames() {
    return List.of();
  }
}
