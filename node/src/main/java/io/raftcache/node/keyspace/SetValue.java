package io.raftcache.node.keyspace;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** A set of distinct members. */
public final class SetValue extends CollectionValue {
  private static final byte[] PRESENT = new byte[0];

  private final Set<Key> members = new HashSet<>();

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
    addToHash(memberHash(member, 0));
    return true;
  }

  /** Removes {@code member}; returns whether it was there. */
  public boolean remove(Key member) {
    if (!members.remove(member)) {
      return false;
    }
    addToHash(-memberHash(member, 0));
    return true;
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
