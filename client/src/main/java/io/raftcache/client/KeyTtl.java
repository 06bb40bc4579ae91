package io.raftcache.client;

import java.time.Duration;

/** The time a key has left: missing, no expiry, or expiring after {@link #remaining()}. */
public record KeyTtl(State state, Duration remaining) {
  public enum State { MISSING, NO_EXPIRY, EXPIRES }

  public boolean exists() {
    return state != State.MISSING;
  }

  /** Redis's TTL reply in milliseconds: -2 missing, -1 no expiry, else the time left. */
  public long toRedisMillis() {
    return switch (state) {
      case MISSING -> -2;
      case NO_EXPIRY -> -1;
      case EXPIRES -> remaining.toMillis();
    };
  }
}
