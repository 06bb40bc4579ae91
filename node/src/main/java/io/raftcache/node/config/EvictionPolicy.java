package io.raftcache.node.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Which keys the leader evicts when the keys' memory passes {@code max_memory_bytes}, named as
 * Redis names its {@code maxmemory-policy}. The LRU and LFU policies approximate as Redis does: for
 * each victim a few keys are sampled and the least recently (or least frequently) used of them goes.
 */
public enum EvictionPolicy {
  /** Nothing is evicted: a write that would grow memory fails with Redis's OOM error. */
  NOEVICTION,
  ALLKEYS_LRU,
  ALLKEYS_LFU,
  ALLKEYS_RANDOM,
  /** As the allkeys policies, among the keys with a TTL only; with none left, writes fail with OOM. */
  VOLATILE_LRU,
  VOLATILE_LFU,
  VOLATILE_RANDOM,
  /** The keys closest to their deadline first (exactly, from the deadline index, where Redis samples). */
  VOLATILE_TTL,
  /**
   * Not Redis's: TinyLFU, the admission filter of Caffeine's W-TinyLFU, over sampled eviction.
   * Every node counts requests per key in a small sketch, misses included, and halves the counts
   * now and then. For each victim the leader samples keys as for LFU and takes the one worth least
   * (least recently used on a tie), then lets the oldest key created since, once past a window of
   * the newest 1 %, compete with it: the one worth less goes. A key's worth is its count, halved
   * for each half-life it has gone unused; the leader tunes the half-life by hill climbing on the
   * hit ratio, as Caffeine tunes its window, from never (a stable popular set) to a quarter of a
   * second (popular keys that keep changing). A key read once by a scan goes before a key many
   * clients keep asking for, and a key missed often is valued the moment it is written back.
   */
  ALLKEYS_TINYLFU;

  /** The name in the cluster file, as Redis spells it: {@code allkeys-lru}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the policy goes by the count of requests per key, which must then be kept from the start. */
  public boolean countsRequests() {
    return this == ALLKEYS_TINYLFU;
  }

  public boolean onlyKeysWithTtl() {
    return name().startsWith("VOLATILE");
  }

  public static Optional<EvictionPolicy> named(String name) {
    return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
  }
}
