package io.raftcache.node.keyspace;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A sorted set: members with a score, ordered by score and then by member bytes. A map answers
 * "what is this member's score" in O(1); a {@link ScoreIndex} answers rank and range in O(log n).
 */
public final class SortedSetValue extends CollectionValue {
  private final Map<Key, Double> scores = new HashMap<>();
  private final ScoreIndex index = new ScoreIndex();

  @Override
  public Kind kind() {
    return Kind.ZSET;
  }

  @Override
  public int size() {
    return scores.size();
  }

  @Override
  protected long emptyMemory() {
    return MemoryModel.emptySortedSet();
  }

  /** The member's score, or null if it is not a member. */
  public Double score(Key member) {
    return scores.get(member);
  }

  /** Adds {@code member} or moves it to {@code score} (never NaN); returns whether anything changed. */
  public boolean put(Key member, double score) {
    double normalized = score + 0.0; // -0.0 and 0.0 are one score
    Double old = scores.put(member, normalized);
    if (old != null) {
      if (old == normalized) {
        return false;
      }
      index.remove(member, old);
      addToHash(-scoreHash(member, old));
    }
    if (old == null) {
      addToMemory(MemoryModel.sortedSetMember(member));
    }
    index.insert(member, normalized);
    addToHash(scoreHash(member, normalized));
    return true;
  }

  /** Removes {@code member}; returns whether it was there. */
  public boolean remove(Key member) {
    Double old = scores.remove(member);
    if (old == null) {
      return false;
    }
    index.remove(member, old);
    addToHash(-scoreHash(member, old));
    addToMemory(-MemoryModel.sortedSetMember(member));
    return true;
  }

  /** The order of the members, for rank and range queries; read-only use. */
  public ScoreIndex index() {
    return index;
  }

  @Override
  public Collection<Key> memberKeys() {
    return Collections.unmodifiableSet(scores.keySet());
  }

  @Override
  public byte[] storedMember(Key member) {
    Double score = scores.get(member);
    return score == null ? null : ByteBuffer.allocate(Double.BYTES).putDouble(score).array();
  }

  @Override
  public void restoreMember(Key member, byte[] stored) {
    put(member, ByteBuffer.wrap(stored).getDouble());
  }

  private static long scoreHash(Key member, double score) {
    return memberHash(member, Hashing.mix(Double.doubleToLongBits(score)));
  }
}
