package io.raftcache.node.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The keys and values of one replica, in memory. It knows nothing of Raft or disks: the caller
 * passes the time ("now") into every call, and reads the keys it changed with {@link
 * #drainChanges} to persist them.
 *
 * <p>Not thread-safe: the state machine guards it with a read-write lock.
 */
public final class Keyspace {
  private final Map<Key, Entry> entries = new HashMap<>();
  private final NavigableSet<Deadline> deadlines = new TreeSet<>();
  private final Set<Key> changed = new LinkedHashSet<>();
  private long revision;
  private long entryHashSum;

  /** The entry under {@code key} unless it is absent or expired at {@code nowMillis}. */
  public Entry getLive(Key key, long nowMillis) {
    Entry entry = entries.get(key);
    return entry == null || entry.isExpiredAt(nowMillis) ? null : entry;
  }

  /** The entry under {@code key}, expired or not. */
  public Entry getStored(Key key) {
    return entries.get(key);
  }

  /** Stores {@code entry} under {@code key}, replacing what was there. */
  public void put(Key key, Entry entry) {
    Entry old = entries.put(key, entry);
    if (old != null) {
      forget(key, old);
    }
    entryHashSum += entryHash(key, entry);
    if (entry.hasExpiry()) {
      deadlines.add(new Deadline(entry.expiresAtMillis(), key));
    }
    changed.add(key);
  }

  /** Removes {@code key}; returns whether it was stored (expired or not). */
  public boolean remove(Key key) {
    Entry old = entries.remove(key);
    if (old == null) {
      return false;
    }
    forget(key, old);
    changed.add(key);
    return true;
  }

  private void forget(Key key, Entry old) {
    entryHashSum -= entryHash(key, old);
    if (old.hasExpiry()) {
      deadlines.remove(new Deadline(old.expiresAtMillis(), key));
    }
  }

  /** Starts a modification: the version every entry it writes carries. */
  public long nextRevision() {
    return ++revision;
  }

  public long revision() {
    return revision;
  }

  /** Sets the revision of a keyspace restored from storage. */
  public void restoreRevision(long restored) {
    this.revision = restored;
  }

  /** Up to {@code limit} keys whose deadline is at or before {@code nowMillis}, earliest first. */
  public List<Deadline> expiredAt(long nowMillis, int limit) {
    List<Deadline> expired = new ArrayList<>();
    for (Deadline d : deadlines) {
      if (d.expiresAtMillis() > nowMillis || expired.size() == limit) {
        break;
      }
      expired.add(d);
    }
    return expired;
  }

  public int size() {
    return entries.size();
  }

  /**
   * A hash of every entry and the revision. Equal state gives an equal digest whatever the order
   * in which the entries were stored, so replicas can be compared.
   */
  public long digest() {
    return Hashing.mix(entryHashSum ^ Hashing.mix(revision));
  }

  /** Passes every key changed since the last call, with its entry now or null if removed. */
  public void drainChanges(BiConsumer<Key, Entry> sink) {
    for (Key key : changed) {
      sink.accept(key, entries.get(key));
    }
    changed.clear();
  }

  /** Visits every stored entry, expired or not, in no particular order. */
  public void forEach(BiConsumer<Key, Entry> visitor) {
    entries.forEach(visitor);
  }

  private static long entryHash(Key key, Entry entry) {
    long h = Hashing.hash(key.bytes(), 1);
    h = Hashing.mix(h + Hashing.hash(entry.value(), 2));
    h = Hashing.mix(h + entry.version());
    return Hashing.mix(h + entry.expiresAtMillis());
  }
}
