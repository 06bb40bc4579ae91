package io.raftcache.node.command;

/** Expiry deadlines from TTLs. */
final class Deadlines {
  private Deadlines() {}

  /** The deadline {@code ttlMillis} after {@code now}; saturates instead of wrapping around. */
  static long after(long now, long ttlMillis) {
    long at = now + ttlMillis;
    return at < now ? Long.MAX_VALUE : at;
  }
}
