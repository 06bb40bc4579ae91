package io.raftcache.node.store;

import io.raftcache.node.keyspace.Key;
import java.util.Arrays;

/**
 * How records are named in RocksDB: one prefix byte per kind, then the record's own name.
 * Kept in one column family so that every flush persists a consistent prefix of the applied log.
 */
final class RecordKeys {
  static final byte ENTRY = 'k';
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
