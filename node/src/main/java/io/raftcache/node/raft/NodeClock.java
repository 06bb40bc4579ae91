package io.raftcache.node.raft;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's time, for the stamps it puts on entries as leader and for hiding expired keys from
 * reads: the wall clock, except that it is not believed when it runs ahead of the time that can
 * have passed. That is measured by the monotonic clock from a reference: the wall clock when the
 * node started, or the cluster's time carried by the last entry applied, whichever is later. So
 * a wall clock that jumps ahead while the node runs (a bad NTP step, an operator's typo) moves
 * this node's time by at most {@link #SLACK_MILLIS}, and as leader it cannot expire every key
 * early. A wall clock that was already wrong when the node started is believed: see the README.
 */
final class NodeClock {
  /** How far the wall clock may run ahead of the monotonic one (NTP steps are milliseconds). */
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
    long limit = r.wallMillis() + (monotonic - r.monotonicMillis()) + SLACK_MILLIS;
    if (now <= limit) {
      return now;
    }
    if (warnings.allow()) {
      LOG.warn("The wall clock is {} ms ahead of the time that can have passed since {}; using that time "
          + "instead (restart the node to accept the wall clock)", now - limit + SLACK_MILLIS, r.wallMillis());
    }
    return limit;
  }

  /** The cluster's time from an applied entry: a reference as good as this node's start. */
  void observe(long clusterMillis) {
    long monotonic = monotonicMillis.getAsLong();
    Reference r = reference.get();
    if (clusterMillis > r.wallMillis() + (monotonic - r.monotonicMillis())) {
      reference.compareAndSet(r, new Reference(clusterMillis, monotonic)); // one apply thread: no race lost
    }
  }
}
