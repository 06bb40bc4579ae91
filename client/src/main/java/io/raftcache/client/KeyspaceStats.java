package io.raftcache.client;

/**
 * One node's keys at a glance: what they take by the memory model against the limit, and since the
 * node started, how many lookups found their key, and how many keys expired or were evicted.
 *
 * @param maxMemoryBytes 0 when there is no limit
 */
public record KeyspaceStats(long usedMemory, long maxMemoryBytes, String evictionPolicy, long hits, long misses,
    long expiredKeys, long evictedKeys) {
  /** For a member that did not answer. */
  public static final KeyspaceStats NONE = new KeyspaceStats(0, 0, "", 0, 0, 0, 0);

  /** Hits over all lookups, or NaN before the first. */
  public double hitRatio() {
    long lookups = hits + misses;
    return lookups == 0 ? Double.NaN : (double) hits / lookups;
  }
}
