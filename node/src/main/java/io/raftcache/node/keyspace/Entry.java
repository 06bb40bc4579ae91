package io.raftcache.node.keyspace;

/**
 * The value stored under a key, with its version and deadline. Immutable: a change makes a new
 * entry, so readers holding one never see it change.
 *
 * @param value the bytes stored; callers must not change them
 * @param version the keyspace revision of the entry's last modification
 * @param expiresAtMillis the leader-stamped time at which the entry expires, or {@link #NO_EXPIRY}
 */
public record Entry(byte[] value, long version, long expiresAtMillis) {
  public static final long NO_EXPIRY = 0;

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
}
