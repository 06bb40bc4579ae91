package io.raftcache.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a call is retried within its deadline after a failover, a node going down or an election.
 * A redirect to a named leader is followed at once; otherwise the next node is tried after a
 * backoff that doubles from {@code initialBackoff} up to {@code maxBackoff}. The node applies a
 * retried write at most once.
 *
 * @param attemptTimeout the longest one attempt may take before the next node is tried (a paused
 *     or partitioned node); longer than a normal fsync'd write, shorter than an election
 * @param noLeaderTimeout how long nodes may keep answering "no leader" (or be unreachable) before
 *     the call fails with {@link ClusterUnavailableException}, ahead of its deadline: an election
 *     takes one to two election timeouts (0.3-1.2 s by default), so longer means a majority is down
 */
public record RetryPolicy(Duration attemptTimeout, Duration initialBackoff, Duration maxBackoff, Duration noLeaderTimeout) {
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(1000);
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_NO_LEADER_TIMEOUT = Duration.ofMillis(2500);

  public RetryPolicy {
    requirePositive(attemptTimeout, "attemptTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(noLeaderTimeout, "noLeaderTimeout");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_NO_LEADER_TIMEOUT);
  }

  public RetryPolicy withAttemptTimeout(Duration timeout) {
    return new RetryPolicy(timeout, initialBackoff, maxBackoff, noLeaderTimeout);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(attemptTimeout, initial, max, noLeaderTimeout);
  }

  public RetryPolicy withNoLeaderTimeout(Duration timeout) {
    return new RetryPolicy(attemptTimeout, initialBackoff, maxBackoff, timeout);
  }

  /** The pause before retry number {@code retry} (1-based). */
  public Duration backoff(int retry) {
    long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
  }
}
