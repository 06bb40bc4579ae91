package io.raftcache.client;

import java.nio.charset.StandardCharsets;

/**
 * A value and its version. The version changes on every modification of the key; pass it to
 * {@link SetOptions#onlyIfVersion} to update only if nobody changed the key since you read it.
 */
public record CacheEntry(byte[] value, long version) {
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }
}
