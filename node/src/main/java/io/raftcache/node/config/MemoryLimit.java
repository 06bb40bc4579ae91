package io.raftcache.node.config;

/**
 * The memory the keys may take, by the keyspace's memory model, and how the leader stays inside it.
 *
 * @param maxBytes {@code max_memory_bytes}: 0 for no limit
 * @param policy {@code eviction_policy}
 */
public record MemoryLimit(long maxBytes, EvictionPolicy policy) {
  /** The most of a node's heap ({@code -Xmx}) the limit may take: the rest is for the JVM, Raft's log cache and GC. */
  public static final double MAX_HEAP_SHARE = 0.5;
  /**
   * Past the limit by this share, writes that would grow memory wait for eviction to catch up (and
   * fail with OOM if it has not within {@link #EVICTION_WAIT}): what bounds the overshoot under a
   * write flood.
   */
  public static final double HARD_OVERSHOOT = 0.1;
  /** Well below a forwarded write's attempt timeout (2 s), so a held write is answered, not resent. */
  public static final java.time.Duration EVICTION_WAIT = java.time.Duration.ofSeconds(1);
  /** The largest limit a file may set (1 PiB), so that the overshoot arithmetic cannot overflow. */
  public static final long MAX_BYTES_CEILING = 1L << 50;
  /** Keys sampled for each victim of the LRU, LFU and random policies, as Redis's default {@code maxmemory-samples}. */
  public static final int SAMPLES = 5;

  public static MemoryLimit none() {
    return new MemoryLimit(0, EvictionPolicy.NOEVICTION);
  }

  /**
   * Refuses a limit the node's heap cannot hold with headroom, so that the limit protects the JVM
   * rather than racing it to an OutOfMemoryError.
   */
  public void requireFitsHeap(java.nio.file.Path file, long heapMaxBytes) throws ConfigException {
    long most = (long) (heapMaxBytes * MAX_HEAP_SHARE);
    if (maxBytes > most) {
      throw new ConfigException(file, "tunables.max_memory_bytes", maxBytes + " does not fit this node's heap with "
          + "headroom: the heap (-Xmx, RAFTCACHE_NODE_OPTS) is " + heapMaxBytes + " bytes and the keys may take at most "
          + (int) (MAX_HEAP_SHARE * 100) + "% of it (" + most + "); raise the heap or lower max_memory_bytes");
    }
  }

  public boolean limited() {
    return maxBytes > 0;
  }

  /**
   * Whether a write that would grow memory must fail at once with {@code used} bytes in use: at
   * the limit under noeviction, or when the policy finds nothing to evict ({@code keysWithTtl}
   * counts what the volatile policies may take).
   */
  public boolean refusesGrowthAt(long used, long keysWithTtl) {
    return limited() && used >= maxBytes
        && (policy == EvictionPolicy.NOEVICTION || policy.onlyKeysWithTtl() && keysWithTtl == 0);
  }

  /** Whether a write that would grow memory must wait for eviction first: past the hard overshoot. */
  public boolean holdsGrowthAt(long used) {
    return limited() && used >= maxBytes + (long) (maxBytes * HARD_OVERSHOOT);
  }
}
