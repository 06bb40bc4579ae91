package io.raftcache.node.keyspace;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** A set of distinct members. */
public final class SetValue extends CollectionValue {
  private static final byte[] PRESENT = new byte[0];

  private final Set<Key> members = new HashSet<>();
  /**
   * The members in byte order, by rank, built the first time one is asked for by rank (SPOP,
   * SRANDMEMBER) and kept up to date from then on; null until then, so other sets pay nothing.
   * Changes come under the state's write lock; a read (SRANDMEMBER, under the shared read lock)
   * may build it, hence the volatile field and the lock on building. Not in {@link #memoryBytes}:
   * replicas differ in whether they built it.
   */
  private volatile ScoreIndex byRank;

  @Override
  public Kind kind() {
    return Kind.SET;
  }

  @Override
  public int size() {
    return members.size();
  }

  public boolean contains(Key member) {
    return members.contains(member);
  }

  /** Adds {@code member}; returns whether it was new. */
  public boolean add(Key member) {
    if (!members.add(member)) {
      return false;
    }
    ScoreIndex index = byRank;
    if (index != null) {
      index.insert(member, 0);
    }
    addToHash(memberHash(member, 0));
    addToMemory(MemoryModel.setMember(member));
    return true;
  }

  /** Removes {@code member}; returns whether it was there. */
  public boolean remove(Key member) {
    if (!members.remove(member)) {
      return false;
    }
    ScoreIndex index = byRank;
    if (index != null) {
      index.remove(member, 0);
    }
    addToHash(-memberHash(member, 0));
    addToMemory(-MemoryModel.setMember(member));
    return true;
  }

  /**
   * The member at {@code rank} (0-based) in byte order: the same member on every replica with the
   * same members, whatever order they came in.
   */
  public Key memberAt(int rank) {
    ScoreIndex index = byRank;
    if (index == null) {
      synchronized (this) {
        if (byRank == null) {
          ScoreIndex built = new ScoreIndex();
          members.forEach(m -> built.insert(m, 0));
          byRank = built;
        }
        index = byRank;
      }
    }
    return index.byRank(rank).member();
  }

  /** The members, in no particular order; read-only. */
  public Set<Key> members() {
    return Collections.unmodifiableSet(members);
  }

  @Override
  public Collection<Key> memberKeys() {
    return members();
  }

  @Override
  public byte[] storedMember(Key member) {
    return members.contains(member) ? PRESENT : null;
  }

  @Override
  public void restoreMember(Key member, byte[] stored) {
    add(member);
  }
}
