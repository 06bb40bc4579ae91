package io.raftcache.node.keyspace;

/**
 * What a key holds, with its version and deadline. A new entry is stored on every modification;
 * a string entry never changes, while a collection's members change in place under the state's
 * write lock. The entry keeps the hash of its content as it was when it was made, so the keyspace
 * can take exactly that out of its digest when the entry is replaced.
 */
public final class Entry {
  public static final long NO_EXPIRY = 0;

  private final Value value;
  private final long version;
  private final long expiresAtMillis;
  private final long contentHash;
  /** What the keyspace counted for this entry when it stored it ({@link MemoryModel#entry}). */
  long accountedBytes;
  /** Where the key is in the keyspace's bags of all keys and of keys with a TTL (-1: not there). */
  int slot = -1;
  int ttlSlot = -1;
  /**
   * How the key has been used, for eviction: not replicated state (each node records the reads it
   * serves and the writes it applies) and read and written without a lock, so only approximate.
   */
  private long lastAccessMillis;
  private int frequency = Frequency.INITIAL;

  /**
   * @param value what the key holds
   * @param version the keyspace revision of the entry's last modification
   * @param expiresAtMillis the leader-stamped time at which the entry expires, or {@link #NO_EXPIRY}
   */
  public Entry(Value value, long version, long expiresAtMillis) {
    this.value = value;
    this.version = version;
    this.expiresAtMillis = expiresAtMillis;
    this.contentHash = value.contentHash();
  }

  /** A string entry; the caller must not change {@code bytes} afterwards. */
  public Entry(byte[] bytes, long version, long expiresAtMillis) {
    this(new StringValue(bytes), version, expiresAtMillis);
  }

  public Value value() {
    return value;
  }

  public long version() {
    return version;
  }

  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  long contentHash() {
    return contentHash;
  }

  /** What the key takes by the memory model, as counted when it was stored. */
  public long memoryBytes() {
    return accountedBytes;
  }

  /** The last time (cluster time) the key was read or written. */
  public long lastAccessMillis() {
    return lastAccessMillis;
  }

  /** Redis's logarithmic access counter (0..255), decayed for the time since the last access. */
  public int frequency(long nowMillis) {
    return Frequency.decayed(frequency, lastAccessMillis, nowMillis);
  }

  /** Records a read or write at {@code nowMillis}. */
  void touch(long nowMillis) {
    frequency = Frequency.incremented(Frequency.decayed(frequency, lastAccessMillis, nowMillis));
    lastAccessMillis = Math.max(lastAccessMillis, nowMillis);
  }

  /** Records a write at {@code nowMillis} (not counted as a use by LFU: the write's read already was). */
  void writtenAt(long nowMillis) {
    lastAccessMillis = Math.max(lastAccessMillis, nowMillis);
  }

  /** A new entry for the same key carries on its use. */
  void inheritUse(Entry earlier) {
    lastAccessMillis = earlier.lastAccessMillis;
    frequency = earlier.frequency;
  }

  public boolean hasExpiry() {
    return expiresAtMillis != NO_EXPIRY;
  }

  /** Whether the entry is dead at {@code nowMillis}: readers must then treat the key as absent. */
  public boolean isExpiredAt(long nowMillis) {
    return hasExpiry() && expiresAtMillis <= nowMillis;
  }

  public Entry withExpiry(long newExpiresAtMillis, long newVersion) {
    return new Entry(value, newVersion, newExpiresAtMillis);
  }

  /** The same value as a new modification: a new version, the same deadline. */
  public Entry modified(long newVersion) {
    return new Entry(value, newVersion, expiresAtMillis);
  }
}
