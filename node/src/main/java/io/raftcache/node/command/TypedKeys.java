package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.CollectionValue;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.HashValue;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.node.keyspace.ListValue;
import io.raftcache.node.keyspace.SetValue;
import io.raftcache.node.keyspace.SortedSetValue;
import io.raftcache.node.keyspace.StringValue;
import io.raftcache.node.keyspace.Value;
import io.raftcache.proto.v1.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Looks keys up for commands that expect one type of value. A key holding another type rejects
 * the command with WRONG_TYPE before anything changes; an absent or expired key reads as empty.
 */
final class TypedKeys {
  private static final Map<Class<? extends Value>, Value.Kind> KINDS = Map.of(
      StringValue.class, Value.Kind.STRING,
      HashValue.class, Value.Kind.HASH,
      SetValue.class, Value.Kind.SET,
      SortedSetValue.class, Value.Kind.ZSET,
      ListValue.class, Value.Kind.LIST);

  private final Keyspace keyspace;

  TypedKeys(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  Keyspace keyspace() {
    return keyspace;
  }

  /** The live collection of {@code type} under {@code key}, or null if the key is absent. */
  <V extends CollectionValue> V read(ByteString key, long now, Class<V> type) {
    Entry entry = keyspace.getLive(key(key), now);
    keyspace.stats().lookedUp(entry != null);
    return entry == null ? null : expect(entry, type);
  }

  /** The live collection under {@code key} for a change, or a new empty one if the key is absent. */
  <V extends CollectionValue> Change<V> change(ByteString keyBytes, long now, Class<V> type, Supplier<V> create) {
    Key key = key(keyBytes);
    Entry current = keyspace.getLive(key, now);
    V value = current == null ? create.get() : expect(current, type);
    return new Change<>(key, value, current);
  }

  /**
   * One command's change to one collection: the command changes the value in place, names each
   * member it touched, then {@link #commit}s.
   */
  final class Change<V extends CollectionValue> {
    private final Key key;
    private final V value;
    private final Entry current;
    private long expiresAt;
    private boolean changed;

    private Change(Key key, V value, Entry current) {
      this.key = key;
      this.value = value;
      this.current = current;
      this.expiresAt = current == null ? Entry.NO_EXPIRY : current.expiresAtMillis();
    }

    /** Gives the key a new TTL when it is committed. */
    void expireAfter(long now, long ttlMillis) {
      expiresAt = Deadlines.after(now, ttlMillis);
    }

    V value() {
      return value;
    }

    void touched(Key member) {
      keyspace.memberChanged(key, member);
      changed = true;
    }

    /** The key takes a new version on commit even if no member changed (LTRIM, as Redis signals it). */
    void modified() {
      changed = true;
    }

    /** Applies {@code change} to each member named; returns how many it changed (returned true for). */
    long forEachMember(List<ByteString> members, Predicate<Key> change) {
      long count = 0;
      for (ByteString m : members) {
        Key member = key(m);
        if (change.test(member)) {
          touched(member);
          count++;
        }
      }
      return count;
    }

    /** Stores the collection as a new version with its TTL, or removes the key if it is now empty. */
    void commit() {
      if (!changed) {
        return;
      }
      if (value.isEmpty()) {
        keyspace.remove(key);
      } else {
        keyspace.put(key, new Entry(value, keyspace.nextRevision(), expiresAt));
      }
    }
  }

  /** The bytes of a string entry. */
  static byte[] stringOf(Entry entry) {
    return expect(entry, StringValue.class).bytes();
  }

  private static <V extends Value> V expect(Entry entry, Class<V> type) {
    if (!type.isInstance(entry.value())) {
      throw new CommandRejectedException(ErrorCode.ERROR_CODE_WRONG_TYPE,
          "WRONGTYPE the key holds a " + entry.value().kind().name().toLowerCase(Locale.ROOT)
              + " value, not a " + nameOf(type));
    }
    return type.cast(entry.value());
  }

  private static String nameOf(Class<? extends Value> type) {
    return KINDS.get(type).name().toLowerCase(Locale.ROOT);
  }

  static Key key(ByteString bytes) {
    return Key.wrap(bytes.toByteArray());
  }
}
