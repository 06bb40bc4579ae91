package io.raftcache.chaos.report;

import java.util.List;

/** Median and maximum of a list of durations. */
public record Stats(long median, long max, int count) {
  public static Stats of(List<Long> values) {
    if (values.isEmpty()) {
      return new Stats(-1, -1, 0);
    }
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(median, sorted.get(n - 1), n);
  }
}
