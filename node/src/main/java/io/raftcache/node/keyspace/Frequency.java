package io.raftcache.node.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's LFU counter: 0..255, raised on an access with a probability that falls as it grows (so
 * it counts logarithmically, about a million hits to saturate), and lowered by one for every
 * minute without one. A new key starts at 5, so it is not the first victim.
 */
final class Frequency {
  static final int INITIAL = 5;
  private static final int MAX = 255;
  /** Redis's default {@code lfu-log-factor}. */
  private static final double LOG_FACTOR = 10;
  /** Redis's default {@code lfu-decay-time}: one minute. */
  private static final long DECAY_MILLIS = 60_000;

  private Frequency() {}

  static int incremented(int counter) {
    if (counter >= MAX) {
      return MAX;
    }
    double base = Math.max(0, counter - INITIAL);
    return ThreadLocalRandom.current().nextDouble() < 1.0 / (base * LOG_FACTOR + 1) ? counter + 1 : counter;
  }

  static int decayed(int counter, long lastAccessMillis, long nowMillis) {
    long periods = Math.max(0, nowMillis - lastAccessMillis) / DECAY_MILLIS;
    return (int) Math.max(0, counter - Math.min(periods, MAX));
  }
}
