package io.raftcache.node.store;

import io.raftcache.node.keyspace.Key;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How records are named in RocksDB: one prefix byte per kind, then the record's own name.
 * Kept in one column family so that every flush persists a consistent prefix of the applied log.
 */
final class RecordKeys {
  static final byte ENTRY = 'k';
  /** Sorts after ENTRY, so loading meets every collection before its members. */
  static final byte MEMBER = 'm';
  static final byte SESSION = 'c';
  static final byte PROGRESS = 'p';
  static final byte[] PROGRESS_KEY = {PROGRESS};

  private RecordKeys() {}

  static byte[] entry(Key key) {
    return prefixed(ENTRY, key.bytes());
  }

  static byte[] session(Key clientId) {
    return prefixed(SESSION, clientId.bytes());
  }

  /** A member's record: MEMBER, the key's length (4 bytes), the key, the member. */
  static byte[] member(Key key, Key member) {
    byte[] prefix = membersOf(key);
    byte[] out = Arrays.copyOf(prefix, prefix.length + member.length());
    System.arraycopy(member.bytes(), 0, out, prefix.length, member.length());
    return out;
  }

  /** The prefix shared by every member record of {@code key}. */
  static byte[] membersOf(Key key) {
    byte[] k = key.bytes();
    byte[] out = new byte[1 + Integer.BYTES + k.length];
    out[0] = MEMBER;
    ByteBuffer.wrap(out, 1, Integer.BYTES).putInt(k.length);
    System.arraycopy(k, 0, out, 1 + Integer.BYTES, k.length);
    return out;
  }

  /** The first record name after every name that starts with {@code prefix}. */
  static byte[] endOfPrefix(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("a prefix of 0xFF bytes has no end");
  }

  /** The key of a member record. */
  static Key keyOfMember(byte[] recordKey) {
    int length = ByteBuffer.wrap(recordKey, 1, Integer.BYTES).getInt();
    return Key.wrap(Arrays.copyOfRange(recordKey, 1 + Integer.BYTES, 1 + Integer.BYTES + length));
  }

  /** The member of a member record. */
  static Key memberOf(byte[] recordKey) {
    int length = ByteBuffer.wrap(recordKey, 1, Integer.BYTES).getInt();
    return Key.wrap(Arrays.copyOfRange(recordKey, 1 + Integer.BYTES + length, recordKey.length));
  }

  static Key nameOf(byte[] recordKey) {
    return Key.wrap(Arrays.copyOfRange(recordKey, 1, recordKey.length));
  }

  private static byte[] prefixed(byte prefix, byte[] name) {
    byte[] out = new byte[name.length + 1];
    out[0] = prefix;
    System.arraycopy(name, 0, out, 1, name.length);
    return out;
  }
}
