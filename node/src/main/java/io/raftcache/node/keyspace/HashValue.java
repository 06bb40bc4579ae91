package io.raftcache.node.keyspace;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A hash: fields mapped to byte values. Callers must not change the arrays they pass or get. */
public final class HashValue extends CollectionValue {
  private final Map<Key, byte[]> fields = new HashMap<>();

  @Override
  public Kind kind() {
    return Kind.HASH;
  }

  @Override
  public int size() {
    return fields.size();
  }

  public byte[] get(Key field) {
    return fields.get(field);
  }

  /** Sets {@code field}; returns its previous value, or null if it is new. */
  public byte[] put(Key field, byte[] value) {
    byte[] old = fields.put(field, value);
    if (old != null) {
      addToHash(-fieldHash(field, old));
      addToMemory(-MemoryModel.field(field, old));
    }
    addToHash(fieldHash(field, value));
    addToMemory(MemoryModel.field(field, value));
    return old;
  }

  /** Removes {@code field}; returns whether it was there. */
  public boolean remove(Key field) {
    byte[] old = fields.remove(field);
    if (old == null) {
      return false;
    }
    addToHash(-fieldHash(field, old));
    addToMemory(-MemoryModel.field(field, old));
    return true;
  }

  /** The fields and values, in no particular order; read-only. */
  public Map<Key, byte[]> fields() {
    return java.util.Collections.unmodifiableMap(fields);
  }

  @Override
  public Collection<Key> memberKeys() {
    return fields().keySet();
  }

  @Override
  public byte[] storedMember(Key field) {
    return fields.get(field);
  }

  @Override
  public void restoreMember(Key field, byte[] stored) {
    put(field, stored);
  }

  private static long fieldHash(Key field, byte[] value) {
    return memberHash(field, Hashing.hash(value, 4));
  }
}
