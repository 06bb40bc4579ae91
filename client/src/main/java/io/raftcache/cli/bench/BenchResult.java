package io.raftcache.cli.bench;

import io.raftcache.cli.bench.OperationMix.Operation;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What a benchmark measured, per operation: throughput and latency percentiles. */
record BenchResult(double seconds, Map<String, OperationStats> operations) {

  /** One operation's numbers; latencies in milliseconds. */
  record OperationStats(long count, long errors, double opsPerSec, double p50Ms, double p90Ms, double p99Ms,
      double p999Ms, double maxMs) {}

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "%-5s %10s %12s %8s %8s %8s %8s %8s %8s%n",
        "op", "requests", "ops/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
    operations.forEach((name, s) -> out.printf(Locale.ROOT, "%-5s %10d %12.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8d%n",
        name, s.count(), s.opsPerSec(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.errors()));
    out.printf(Locale.ROOT, "measured for %.1f s%n", seconds);
  }

  static final class Builder {
    private final double seconds;
    private final Map<String, OperationStats> operations = new LinkedHashMap<>();

    Builder(long elapsedNanos) {
      this.seconds = elapsedNanos / 1e9;
    }

    void add(Operation op, Histogram micros, long errors) {
      operations.put(op.name().toLowerCase(Locale.ROOT), new OperationStats(
          micros.getTotalCount(), errors, micros.getTotalCount() / seconds,
          ms(micros, 50), ms(micros, 90), ms(micros, 99), ms(micros, 99.9), micros.getMaxValue() / 1000.0));
    }

    private static double ms(Histogram micros, double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    BenchResult build() {
      return new BenchResult(seconds, operations);
    }
  }
}
