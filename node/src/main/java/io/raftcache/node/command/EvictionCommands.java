package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.config.EvictionPolicy;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.keyspace.Deadline;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.EvictedKey;
import io.raftcache.proto.internal.ExpireKeysResult;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The leader's choice of keys to evict when the keys take more than the memory limit, and every
 * replica's application of it. Only the leader chooses (it serves the linearizable reads, so its
 * record of use is the fullest); the entry names each key with the version the leader saw, and a
 * replica removes it only if it still has that version.
 */
final class EvictionCommands {
  private static final int SAMPLES = MemoryLimit.SAMPLES;
  /** Eviction frees this share of the limit below it, so that it does not run for every write. */
  private static final double MARGIN = 0.01;

  private final Keyspace keyspace;
  private final RecencyClimber recency = new RecencyClimber();
  /** The half-life the current round of TinyLFU victims goes by. */
  private long halfLifeMillis = Long.MAX_VALUE;

  EvictionCommands(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  ExpireKeysResult evictKeys(EvictKeys command, long now) {
    long removed = 0;
    for (EvictedKey evicted : command.getKeysList()) {
      if (keyspace.removeIf(Key.wrap(evicted.getKey().toByteArray()), entry -> entry.version() == evicted.getVersion())) {
        removed++;
      }
    }
    if (removed > 0) {
      keyspace.nextRevision();
      keyspace.stats().evicted(removed);
    }
    return ExpireKeysResult.newBuilder().setRemoved(removed).build();
  }

  /** The victims that bring memory under the limit (at most {@code maxKeys}); none if it is not passed. */
  EvictKeys findVictims(MemoryLimit limit, long now, int maxKeys) {
    long excess = keyspace.usedMemory() - limit.maxBytes();
    if (!limit.limited() || excess <= 0 || limit.policy() == EvictionPolicy.NOEVICTION) {
      return EvictKeys.getDefaultInstance();
    }
    long target = excess + (long) (limit.maxBytes() * MARGIN);
    if (limit.policy() == EvictionPolicy.ALLKEYS_TINYLFU) {
      halfLifeMillis = recency.halfLifeMillis(keyspace.stats(), keyspace.size());
    }
    Set<Key> chosen = new HashSet<>();
    EvictKeys.Builder victims = EvictKeys.newBuilder();
    long freed = 0;
    if (limit.policy() == EvictionPolicy.VOLATILE_TTL) {
      for (Deadline d : keyspace.deadlines()) {
        if (freed >= target || victims.getKeysCount() == maxKeys) {
          break;
        }
        freed += add(victims, d.key(), keyspace.getStored(d.key()));
      }
      return victims.build();
    }
    int attempts = maxKeys * SAMPLES * 4;
    while (freed < target && victims.getKeysCount() < maxKeys && attempts-- > 0) {
      Key victim = sampleVictim(limit.policy(), chosen, now);
      if (victim == null) {
        break; // nothing (left) to evict
      }
      if (limit.policy() == EvictionPolicy.ALLKEYS_TINYLFU) {
        victim = admissionVictim(victim, chosen, now);
      }
      chosen.add(victim);
      freed += add(victims, victim, keyspace.getStored(victim));
    }
    return victims.build();
  }

  /**
   * Of {@link #SAMPLES} keys drawn at random, the one the policy would evict first; null if none
   * can be drawn. A key already chosen (still there until the entry applies) is drawn again, so
   * that a long round keeps its full sample.
   */
  private Key sampleVictim(EvictionPolicy policy, Set<Key> chosen, long now) {
    Key best = null;
    Entry bestEntry = null;
    for (int sampled = 0, draws = 0; sampled < SAMPLES && draws < SAMPLES * 8; draws++) {
      Key key = keyspace.sample(policy.onlyKeysWithTtl(), ThreadLocalRandom.current());
      if (key == null) {
        return null;
      }
      if (chosen.contains(key)) {
        continue;
      }
      sampled++;
      Entry entry = keyspace.getStored(key);
      if (best == null || evictsFirst(policy, key, entry, best, bestEntry, now)) {
        best = key;
        bestEntry = entry;
      }
      if (policy == EvictionPolicy.ALLKEYS_RANDOM || policy == EvictionPolicy.VOLATILE_RANDOM) {
        break;
      }
    }
    return best;
  }

  /** TinyLFU's worth of a key: its request count, halved for each half-life it has gone unused. */
  private int score(Key key, Entry entry, long now) {
    long halvings = Math.max(0, now - entry.lastAccessMillis()) / halfLifeMillis;
    return halvings >= Integer.SIZE ? 0 : keyspace.requestFrequency(key) >> halvings;
  }

  /**
   * TinyLFU's admission: the oldest key new since the last judgement and past the window competes
   * with the sampled victim, and the one worth less goes (the newcomer on a tie, so
   * that a one-off key never displaces a key of equal use).
   */
  private Key admissionVictim(Key sampled, Set<Key> chosen, long now) {
    Key arrival = keyspace.nextArrivalToJudge();
    if (arrival == null || chosen.contains(arrival)
        || score(arrival, keyspace.getStored(arrival), now) > score(sampled, keyspace.getStored(sampled), now)) {
      return sampled;
    }
    return arrival;
  }

  private boolean evictsFirst(EvictionPolicy policy, Key candidateKey, Entry candidate, Key bestKey, Entry best,
      long now) {
    int order = switch (policy) {
      case ALLKEYS_LFU, VOLATILE_LFU -> Integer.compare(candidate.frequency(now), best.frequency(now));
      case ALLKEYS_TINYLFU -> Integer.compare(score(candidateKey, candidate, now), score(bestKey, best, now));
      default -> 0;
    };
    return order < 0 || order == 0 && candidate.lastAccessMillis() < best.lastAccessMillis();
  }

  private static long add(EvictKeys.Builder victims, Key key, Entry entry) {
    victims.addKeys(EvictedKey.newBuilder().setKey(ByteString.copyFrom(key.bytes())).setVersion(entry.version()));
    return entry.memoryBytes();
  }
}
