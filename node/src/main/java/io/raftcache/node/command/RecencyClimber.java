package io.raftcache.node.command;

import io.raftcache.node.keyspace.KeyStats;

/**
 * How much TinyLFU weighs recency against frequency, tuned by hill climbing on the hit ratio, as
 * Caffeine tunes its window: a key's request count is halved for each {@link #halfLifeMillis} it
 * has gone unused, from never (pure frequency: best for a stable popular set) down to a quarter of
 * a second (close to LRU: best when the popular keys keep changing). After every period of
 * lookups the climber takes one step; if the hit ratio fell since the last period, it turns round.
 *
 * <p>Only the leader's scanner uses it, on its one thread; it is not replicated (victims are).
 */
final class RecencyClimber {
  /** Half-lives by level; level 0 never halves. */
  private static final long[] HALF_LIFE_MILLIS = {Long.MAX_VALUE, 32_000, 16_000, 8_000, 4_000, 2_000, 1_000, 500, 250};
  private static final long MIN_PERIOD = 2_000;

  private int level;
  private int direction = 1;
  private long periodStartLookups = -1;
  private long periodStartHits;
  private double lastHitRatio = -1;

  /** The half-life to use now, after a step if a period of lookups (one per key held) has passed. */
  long halfLifeMillis(KeyStats stats, long keys) {
    long lookups = stats.hits() + stats.misses();
    if (periodStartLookups < 0 || lookups < periodStartLookups) { // first use, or the stats restarted
      startPeriod(lookups, stats.hits());
    } else if (lookups - periodStartLookups >= Math.max(MIN_PERIOD, keys)) {
      double hitRatio = (stats.hits() - periodStartHits) / (double) (lookups - periodStartLookups);
      if (hitRatio < lastHitRatio) {
        direction = -direction;
      }
      level = Math.max(0, Math.min(HALF_LIFE_MILLIS.length - 1, level + direction));
      lastHitRatio = hitRatio;
      startPeriod(lookups, stats.hits());
    }
    return HALF_LIFE_MILLIS[level];
  }

  private void startPeriod(long lookups, long hits) {
    periodStartLookups = lookups;
    periodStartHits = hits;
  }
}
