package io.raftcache.node.keyspace;

import java.util.Collection;

/**
 * A hash, set, sorted set or list. Unlike a string it is changed in place, under the state's write lock,
 * and stored as one record per member, so a change to one member of a large collection costs one
 * record. Its content hash is kept up to date as members come and go: the sum of the members'
 * hashes, so the order of the changes does not matter.
 */
public abstract sealed class CollectionValue implements Value permits HashValue, SetValue, SortedSetValue, ListValue {
  private long memberHashSum;
  private long memoryBytes = emptyMemory();

  public abstract int size();

  public boolean isEmpty() {
    return size() == 0;
  }

  /** The members (a hash's fields), in no particular order; read-only. */
  public abstract Collection<Key> memberKeys();

  /** The record stored for {@code member}, or null if it is not a member. */
  public abstract byte[] storedMember(Key member);

  /** Adds a member read back from storage, as {@link #storedMember} wrote it. */
  public abstract void restoreMember(Key member, byte[] stored);

  /** Creates the empty collection of {@code kind}. */
  public static CollectionValue empty(Kind kind) {
    return switch (kind) {
      case HASH -> new HashValue();
      case SET -> new SetValue();
      case ZSET -> new SortedSetValue();
      case LIST -> new ListValue();
      case STRING -> throw new IllegalArgumentException("a string is not a collection");
    };
  }

  @Override
  public long contentHash() {
    return Hashing.mix(memberHashSum + kind().ordinal());
  }

  @Override
  public long memoryBytes() {
    return memoryBytes;
  }

  /** What the empty collection takes. */
  protected long emptyMemory() {
    return MemoryModel.emptyCollection();
  }

  /** Subclasses call this with what a member takes when it is added, and its negation when removed. */
  protected final void addToMemory(long bytes) {
    memoryBytes += bytes;
  }

  /** Subclasses call this with a member's hash when it is added, and its negation when removed. */
  protected final void addToHash(long memberHash) {
    memberHashSum += memberHash;
  }

  protected static long memberHash(Key member, long payloadHash) {
    return Hashing.mix(Hashing.hash(member.bytes(), 3) + payloadHash);
  }
}
