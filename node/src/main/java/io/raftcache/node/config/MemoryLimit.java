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
   * Past the limit by this share, writes that would grow memory fail with OOM whatever the policy,
   * until evictions catch up: what bounds the overshoot under a write flood.
   */
  public static final double HARD_OVERSHOOT = 0.1;
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

  /** Whether a write that would grow memory must be refused with {@code used} bytes in use. */
  public boolean refusesGrowthAt(long used) {
    if (!limited() || used < maxBytes) {
      return false;
    }
    return policy == EvictionPolicy.NOEVICTION || used >= maxBytes + (long) (maxBytes * HARD_OVERSHOOT);
  }
}
