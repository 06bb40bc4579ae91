package io.raftcache.node.keyspace;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to this node's keys since it started, for INFO, status and stats: lookups that
 * found their key or not (reads run in parallel, hence adders), and keys expired or evicted by
 * the leader's entries. Not replicated state: a restarted node counts from zero.
 */
public final class KeyStats {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder evicted = new LongAdder();

  /** A command looked up a key it reads. */
  public void lookedUp(boolean found) {
    (found ? hits : misses).increment();
  }

  public void expired(long keys) {
    expired.add(keys);
  }

  public void evicted(long keys) {
    evicted.add(keys);
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long expired() {
    return expired.sum();
  }

  public long evicted() {
    return evicted.sum();
  }
}
