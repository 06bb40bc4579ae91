package io.raftcache.client;

import io.raftcache.client.internal.Ttls;

import java.time.Duration;

/**
 * How a SET behaves: a TTL, at most one condition (NX, XX or a version), and whether to return
 * the previous value. Immutable; each method returns a changed copy.
 *
 * <pre>{@code
 * client.set("lock:job", "worker-7", SetOptions.ttl(Duration.ofSeconds(30)).onlyIfAbsent());
 * }</pre>
 */
public final class SetOptions {
  enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT, IF_VERSION }

  private static final SetOptions NONE = new SetOptions(Duration.ZERO, Condition.ALWAYS, 0, false);

  private final Duration ttl;
  private final Condition condition;
  private final long ifVersion;
  private final boolean returnPrevious;

  private SetOptions(Duration ttl, Condition condition, long ifVersion, boolean returnPrevious) {
    this.ttl = ttl;
    this.condition = condition;
    this.ifVersion = ifVersion;
    this.returnPrevious = returnPrevious;
  }

  /** No TTL (an existing one is removed, as in Redis), no condition. */
  public static SetOptions none() {
    return NONE;
  }

  /** Expire the key {@code ttl} after the leader accepts the write (1 ms to 3650 days). */
  public static SetOptions ttl(Duration ttl) {
    return NONE.withTtl(ttl);
  }

  public SetOptions withTtl(Duration newTtl) {
    Ttls.toMillis(newTtl, "ttl");
    return new SetOptions(newTtl, condition, ifVersion, returnPrevious);
  }

  /** NX: set only if the key does not exist. */
  public SetOptions onlyIfAbsent() {
    return withCondition(Condition.IF_ABSENT, 0);
  }

  /** XX: set only if the key exists. */
  public SetOptions onlyIfPresent() {
    return withCondition(Condition.IF_PRESENT, 0);
  }

  /** Compare-and-set: only if the key exists with this version (from {@link CacheEntry#version()}). */
  public SetOptions onlyIfVersion(long version) {
    if (version <= 0) {
      throw new IllegalArgumentException("version must be positive, not " + version);
    }
    return withCondition(Condition.IF_VERSION, version);
  }

  /** Also return the value the key had before ({@link SetResult#previous()}). */
  public SetOptions returnPrevious() {
    return new SetOptions(ttl, condition, ifVersion, true);
  }

  private SetOptions withCondition(Condition newCondition, long version) {
    if (condition != Condition.ALWAYS) {
      throw new IllegalArgumentException("a SET takes one condition; " + condition + " is already set");
    }
    return new SetOptions(ttl, newCondition, version, returnPrevious);
  }

  Duration ttl() {
    return ttl;
  }

  Condition condition() {
    return condition;
  }

  long ifVersion() {
    return ifVersion;
  }

  boolean isReturnPrevious() {
    return returnPrevious;
  }
}
