package io.raftcache.node.raft;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's time, for the stamps it puts on entries as leader and for hiding expired keys from
 * reads: the wall clock, except that it is not believed when it strays from the time that can have
 * passed by more than {@link #SLACK_MILLIS}. That is measured by the monotonic clock from a
 * reference: the wall clock when the node started, or the cluster's time carried by the last entry
 * applied, whichever is later. So a wall clock that jumps while the node runs (a bad NTP step, an
 * operator's typo) moves this node's time by at most the slack: ahead, as leader it cannot expire
 * every key early; back, its reads do not show expired keys again and its expiry scanner and ticks
 * do not stop. A wall clock that was already wrong when the node started is believed: see the README.
 */
final class NodeClock {
  /** How far the wall clock may stray from the monotonic one (NTP steps are milliseconds). */
  static final long SLACK_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(NodeClock.class);

  /** A wall time and the monotonic time it was taken at. */
  private record Reference(long wallMillis, long monotonicMillis) {}

  private final Clock wall;
  private final LongSupplier monotonicMillis;
  private final AtomicReference<Reference> reference;
  private final Throttle warnings = new Throttle(Duration.ofMinutes(1));

  NodeClock(Clock wall, LongSupplier monotonicMillis) {
    this.wall = wall;
    this.monotonicMillis = monotonicMillis;
    this.reference = new AtomicReference<>(new Reference(wall.millis(), monotonicMillis.getAsLong()));
  }

  static NodeClock system(Clock wall) {
    return new NodeClock(wall, () -> System.nanoTime() / 1_000_000);
  }

  long millis() {
    long now = wall.millis();
    long monotonic = monotonicMillis.getAsLong();
    Reference r = reference.get();
    long passed = r.wallMillis() + (monotonic - r.monotonicMillis());
    if (Math.abs(now - passed) <= SLACK_MILLIS) {
      return now;
    }
    long held = now > passed ? passed + SLACK_MILLIS : passed - SLACK_MILLIS;
    if (warnings.allow()) {
      LOG.warn("The wall clock is {} ms {} the time that can have passed since {}; using that time instead "
          + "(restart the node to accept the wall clock)", Math.abs(now - passed), now > passed ? "ahead of" : "behind",
          r.wallMillis());
    }
    return held;
  }

  /**
   * The cluster's time from an applied entry: a reference as good as this node's start, once it is
   * further ahead than this node's own time could be. (Within the slack it may be this node's own
   * stamp, held at the limit: taking that as the reference would let the limit creep a slack ahead
   * with every entry, after a wall clock that jumped.)
   */
  void observe(long clusterMillis) {
    long monotonic = monotonicMillis.getAsLong();
    Reference r = reference.get();
    if (clusterMillis > r.wallMillis() + (monotonic - r.monotonicMillis()) + SLACK_MILLIS) {
      reference.compareAndSet(r, new Reference(clusterMillis, monotonic)); // one apply thread: no race lost
    }
  }
}
