package io.raftcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A value and its version. The version changes on every modification of the key; pass it to
 * {@link SetOptions#onlyIfVersion} to update only if nobody changed the key since you read it.
 */
public record CacheEntry(byte[] value, long version) {
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /** Equal values (by content) at equal versions. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CacheEntry other && version == other.version && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + Long.hashCode(version);
  }

  /** The value as text if it is UTF-8 (up to 64 characters shown), else its size. */
  @Override
  public String toString() {
    return "CacheEntry[value=" + Codec.describe(value) + ", version=" + version + "]";
  }
}
