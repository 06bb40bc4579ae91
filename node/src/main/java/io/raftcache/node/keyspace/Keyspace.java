package io.raftcache.node.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The keys and values of one replica, in memory. It knows nothing of Raft or disks: the caller
 * passes the time ("now") into every call, and reads the keys it changed with {@link
 * #drainChanges} to persist them. A collection's members are reported one by one, so that a change
 * to one member of a large collection persists one record.
 *
 * <p>Not thread-safe: the state machine guards it with a read-write lock.
 */
public final class Keyspace {
  private final Map<Key, Entry> entries = new HashMap<>();
  private final NavigableSet<Deadline> deadlines = new TreeSet<>();
  /** Every stored key in byte order, so SCAN can resume after the last key it returned. */
  private final NavigableSet<Key> ordered = new TreeSet<>();
  private final Set<Key> changed = new LinkedHashSet<>();
  /** Collections whose member records must all go: removed or replaced since the last drain. */
  private final Set<Key> cleared = new LinkedHashSet<>();
  private final Map<Key, Set<Key>> changedMembers = new LinkedHashMap<>();
  private long revision;
  private long entryHashSum;
  private volatile long usedMemory;
  /** Every key, and the keys with a TTL, for drawing eviction samples. */
  private final KeyBag all = new KeyBag();
  private final KeyBag withTtl = new KeyBag();
  /** The time of the entry being applied: when a new key was last used. */
  private long applyingAtMillis;
  private final KeyStats stats = new KeyStats();
  /** Keys by {@link Value.Kind} ordinal, readable from any thread (metrics read it unlocked). */
  private final AtomicLongArray keysByKind = new AtomicLongArray(Value.Kind.values().length);
  /** Requests per key, hits and misses, for the TinyLFU policy; null unless {@link #countRequests} was called. */
  private volatile FrequencySketch requests;
  /** Keys created lately, for TinyLFU's admission; null unless requests are counted. */
  private Arrivals arrivals;

  /**
   * The entry under {@code key} unless it is absent or expired at {@code nowMillis}; records the
   * use (a command's read or write), which eviction goes by.
   */
  public Entry getLive(Key key, long nowMillis) {
    FrequencySketch sketch = requests;
    if (sketch != null) {
      sketch.increment(key);
    }
    Entry entry = entries.get(key);
    if (entry == null || entry.isExpiredAt(nowMillis)) {
      return null;
    }
    entry.touch(nowMillis);
    return entry;
  }

  /** From now on, counts the requests for each key, present or absent ({@link #requestFrequency}). */
  public void countRequests() {
    if (requests == null) {
      arrivals = new Arrivals();
      requests = new FrequencySketch();
    }
  }

  /**
   * The oldest key created lately that is past TinyLFU's window and still stored, no longer
   * counted as an arrival once returned; null if there is none (or requests are not counted).
   */
  public Key nextArrivalToJudge() {
    return arrivals == null ? null : arrivals.nextToJudge(entries.size(), entries::containsKey);
  }

  /** About how many times {@code key} was asked for lately (0..15); 0 unless requests are counted. */
  public int requestFrequency(Key key) {
    FrequencySketch sketch = requests;
    return sketch == null ? 0 : sketch.estimate(key);
  }

  /** Whether {@code key} is stored and not expired at {@code nowMillis}; not a use of it. */
  public boolean isLive(Key key, long nowMillis) {
    Entry entry = entries.get(key);
    return entry != null && !entry.isExpiredAt(nowMillis);
  }

  /** A keyspace restored from storage: every key counts as used at {@code nowMillis}, none colder than another. */
  public void restoreUse(long nowMillis) {
    entries.values().forEach(e -> e.writtenAt(nowMillis));
  }

  /** The time of the entry about to be applied: a key it creates was used then. */
  public void applyingAt(long nowMillis) {
    applyingAtMillis = nowMillis;
  }

  /** A key drawn at random (among those with a TTL, if {@code onlyWithTtl}), or null if there is none. */
  public Key sample(boolean onlyWithTtl, java.util.random.RandomGenerator random) {
    return (onlyWithTtl ? withTtl : all).random(random);
  }

  /** The entry under {@code key}, expired or not. */
  public Entry getStored(Key key) {
    return entries.get(key);
  }

  /** Stores {@code entry} under {@code key}, replacing what was there. */
  public void put(Key key, Entry entry) {
    Entry old = entries.put(key, entry);
    entry.accountedBytes = MemoryModel.entry(key, entry);
    usedMemory += entry.accountedBytes;
    keysByKind.incrementAndGet(entry.value().kind().ordinal());
    if (old != null) {
      forget(key, old);
      if (old.value() instanceof CollectionValue && old.value() != entry.value()) {
        cleared.add(key);
      }
      entry.slot = old.slot;
      entry.ttlSlot = old.ttlSlot;
      entry.inheritUse(old);
      entry.writtenAt(applyingAtMillis);
    } else {
      ordered.add(key);
      entry.slot = all.add(key);
      entry.touch(applyingAtMillis);
      FrequencySketch sketch = requests;
      if (sketch != null) {
        sketch.ensureRoomFor(entries.size());
        arrivals.add(key, entries.size());
      }
    }
    if (entry.hasExpiry() && entry.ttlSlot < 0) {
      entry.ttlSlot = withTtl.add(key);
    } else if (!entry.hasExpiry() && entry.ttlSlot >= 0) {
      takeOut(withTtl, entry.ttlSlot, true);
      entry.ttlSlot = -1;
    }
    entryHashSum += entryHash(key, entry);
    if (entry.hasExpiry()) {
      deadlines.add(new Deadline(entry.expiresAtMillis(), key));
    }
    changed.add(key);
  }

  /** Removes {@code key} if it is stored and {@code unchanged} holds of its entry; returns whether it did. */
  public boolean removeIf(Key key, java.util.function.Predicate<Entry> unchanged) {
    Entry entry = entries.get(key);
    return entry != null && unchanged.test(entry) && remove(key);
  }

  /** Removes {@code key}; returns whether it was stored (expired or not). */
  public boolean remove(Key key) {
    Entry old = entries.remove(key);
    if (old == null) {
      return false;
    }
    forget(key, old);
    ordered.remove(key);
    takeOut(all, old.slot, false);
    if (old.ttlSlot >= 0) {
      takeOut(withTtl, old.ttlSlot, true);
    }
    if (old.value() instanceof CollectionValue) {
      cleared.add(key);
    }
    changed.add(key);
    return true;
  }

  /**
   * Moves the entry under {@code from} (which must be stored) to {@code to}, replacing what was
   * there, as {@code version}; a collection's member records move with it.
   */
  public void rename(Key from, Key to, long version) {
    Entry entry = entries.get(from);
    remove(from);
    Entry moved = entry.modified(version);
    put(to, moved);
    moved.inheritUse(entry); // the value's use moves with it, not the replaced key's
    if (entry.value() instanceof CollectionValue collection) {
      for (Key member : collection.memberKeys()) {
        memberChanged(to, member);
      }
    }
  }

  /**
   * Records that a member of the collection under {@code key} was added, changed or removed in
   * place. The caller then stores the entry again with {@link #put} (a new version), or removes it.
   */
  public void memberChanged(Key key, Key member) {
    changedMembers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(member);
  }

  /** Removes the key at {@code slot} of {@code bag}, and tells the key moved into its place. */
  private void takeOut(KeyBag bag, int slot, boolean ttlBag) {
    Key moved = bag.removeAt(slot);
    if (moved != null) {
      Entry entry = entries.get(moved);
      if (ttlBag) {
        entry.ttlSlot = slot;
      } else {
        entry.slot = slot;
      }
    }
  }

  private void forget(Key key, Entry old) {
    entryHashSum -= entryHash(key, old);
    usedMemory -= old.accountedBytes;
    keysByKind.decrementAndGet(old.value().kind().ordinal());
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

  /** The deadlines in order, soonest first; read-only. */
  public Iterable<Deadline> deadlines() {
    return java.util.Collections.unmodifiableSet(deadlines);
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

  /** How many keys hold a value of {@code kind} (expired ones not yet removed included); thread-safe. */
  public long keys(Value.Kind kind) {
    return keysByKind.get(kind.ordinal());
  }

  /** This node's counts of hits, misses, expired and evicted keys; thread-safe. */
  public KeyStats stats() {
    return stats;
  }

  /** How many keys have a TTL (read without a lock by the memory check: may be a moment stale). */
  public int keysWithTtl() {
    return withTtl.size();
  }

  /**
   * The heap the keys take by {@link MemoryModel}: every replica with the same state reports the
   * same number. A collection changed in place is counted again when it is stored again.
   */
  public long usedMemory() {
    return usedMemory;
  }

  /**
   * A hash of every entry and the revision. Equal state gives an equal digest whatever the order
   * in which the entries were stored, so replicas can be compared.
   */
  public long digest() {
    return Hashing.mix(entryHashSum ^ Hashing.mix(revision));
  }

  /**
   * One page of SCAN: examines up to {@code count} stored keys after {@code after} (null to start)
   * in byte order and returns the live ones that {@code match} accepts.
   */
  public ScanPage scan(Key after, int count, long nowMillis, Predicate<Key> match) {
    NavigableSet<Key> rest = after == null ? ordered : ordered.tailSet(after, false);
    List<Key> found = new ArrayList<>();
    Iterator<Key> it = rest.iterator();
    Key last = null;
    for (int examined = 0; examined < count && it.hasNext(); examined++) {
      last = it.next();
      if (isLive(last, nowMillis) && match.test(last)) {
        found.add(last);
      }
    }
    return new ScanPage(found, it.hasNext() ? last : null);
  }

  /** Keys found by one SCAN call, and the key to resume after (null when the scan is done). */
  public record ScanPage(List<Key> keys, Key resumeAfter) {}

  /** Receives what changed, for durable storage. */
  public interface ChangeSink {
    /** {@code entry} is null when the key was removed. */
    void entry(Key key, Entry entry);

    /** Every member record of {@code key} must go (it is reported before the key's new members). */
    void membersCleared(Key key);

    /** A collection member's record now, or null when it was removed. */
    void member(Key key, Key member, byte[] stored);
  }

  /** Passes everything changed since the last call to {@code sink}, then forgets it. */
  public void drainChanges(ChangeSink sink) {
    for (Key key : changed) {
      Entry entry = entries.get(key);
      if (cleared.contains(key)) {
        sink.membersCleared(key);
      }
      sink.entry(key, entry);
      Set<Key> members = changedMembers.get(key);
      if (members != null && entry != null && entry.value() instanceof CollectionValue collection) {
        for (Key member : members) {
          sink.member(key, member, collection.storedMember(member));
        }
      }
    }
    changed.clear();
    cleared.clear();
    changedMembers.clear();
  }

  /** Visits every stored entry, expired or not, in no particular order. */
  public void forEach(BiConsumer<Key, Entry> visitor) {
    entries.forEach(visitor);
  }

  private static long entryHash(Key key, Entry entry) {
    long h = Hashing.hash(key.bytes(), 1);
    h = Hashing.mix(h + entry.contentHash());
    h = Hashing.mix(h + entry.version());
    return Hashing.mix(h + entry.expiresAtMillis());
  }
}
