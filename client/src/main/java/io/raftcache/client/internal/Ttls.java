package io.raftcache.client.internal;

import java.time.Duration;
import java.util.Objects;

/** TTLs as the nodes take them: whole milliseconds, from 1 ms to 3650 days. */
public final class Ttls {
  public static final Duration MIN = Duration.ofMillis(1);
  /** The longest TTL a node accepts; a longer one is almost surely a unit mistake. */
  public static final Duration MAX = Duration.ofDays(3650);

  private Ttls() {}

  /** {@code ttl} in milliseconds; fails naming {@code what} if it is out of range. */
  public static long toMillis(Duration ttl, String what) {
    Objects.requireNonNull(ttl, what);
    if (ttl.compareTo(MIN) < 0) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, not " + ttl);
    }
    if (ttl.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(what + " must be at most 3650 days, not " + ttl);
    }
    return ttl.toMillis();
  }
}
