package io.raftcache.node.keyspace;

import java.util.Arrays;

/** An immutable key: the bytes a client named, with equality, hashing and unsigned byte order. */
public final class Key implements Comparable<Key> {
  private final byte[] bytes;
  private final int hash;

  private Key(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Wraps the array without copying: the caller must not change it afterwards. */
  public static Key wrap(byte[] bytes) {
    return new Key(bytes);
  }

  /** The bytes of the key; callers must not change them. */
  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Key other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
