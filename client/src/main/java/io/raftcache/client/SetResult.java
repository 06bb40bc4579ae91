package io.raftcache.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a SET did.
 *
 * @param applied false when its condition did not hold (nothing changed)
 * @param version the key's version afterwards (0 if the key does not exist)
 * @param previous the value before, when {@link SetOptions#returnPrevious()} asked for it
 */
public record SetResult(boolean applied, long version, Optional<byte[]> previous) {
  public Optional<String> previousAsString() {
    return previous.map(b -> new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SetResult[applied=" + applied + ", version=" + version + ", previous="
        + previous.map(Codec::describe).orElse("none") + "]";
  }
}
