package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeClockTest {
  private static final long T = 1_700_000_000_000L;
  private final AtomicLong wall = new AtomicLong(T);
  private final AtomicLong monotonic = new AtomicLong(5_000);

  /** The wall clock the test sets. */
  private final Clock wallClock = new Clock() {
    @Override
    public long millis() {
      return wall.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  };

  private NodeClock start() {
    return new NodeClock(wallClock, monotonic::get);
  }

  private void pass(long millis) {
    wall.addAndGet(millis);
    monotonic.addAndGet(millis);
  }

  @Test
  void wallClockRunningNormally_isUsedAsItIs() {
    NodeClock clock = start();
    pass(60_000);
    assertThat(clock.millis()).isEqualTo(T + 60_000);
    wall.addAndGet(500); // a small NTP step
    assertThat(clock.millis()).isEqualTo(T + 60_500);
  }

  @Test
  void wallClockJumpingAhead_isHeldToTheTimeThatPassedPlusSlack() {
    NodeClock clock = start();
    pass(10_000);
    wall.addAndGet(36_500L * 86_400_000);

    assertThat(clock.millis()).isEqualTo(T + 10_000 + NodeClock.SLACK_MILLIS);
    pass(5_000);
    assertThat(clock.millis()).isEqualTo(T + 15_000 + NodeClock.SLACK_MILLIS);
  }

  @Test
  void ownStampsHeldAtTheLimit_doNotMoveTheLimit() {
    NodeClock clock = start();
    pass(10_000);
    wall.addAndGet(3_600_000);
    for (int entry = 0; entry < 100; entry++) {
      clock.observe(clock.millis()); // as leader: the stamp it applies is the cluster's time
      pass(1);
    }
    assertThat(clock.millis()).isEqualTo(T + 10_100 + NodeClock.SLACK_MILLIS);
  }

  @Test
  void wallClockGoingBackALittle_isUsed() {
    NodeClock clock = start();
    pass(10_000);
    wall.addAndGet(-800);
    assertThat(clock.millis()).as("the cluster's clock keeps time from running back").isEqualTo(T + 9_200);
  }

  @Test
  void wallClockJumpingBack_isHeldToTheTimeThatPassedLessSlack() {
    NodeClock clock = start();
    pass(10_000);
    wall.addAndGet(-3_600_000);

    assertThat(clock.millis()).isEqualTo(T + 10_000 - NodeClock.SLACK_MILLIS);
    pass(5_000);
    assertThat(clock.millis()).isEqualTo(T + 15_000 - NodeClock.SLACK_MILLIS);
  }

  @Test
  void clusterTimeAheadOfTheReference_becomesTheReference() {
    wall.set(T - 30_000); // this node started with its wall clock 30 s behind
    NodeClock clock = start();
    wall.set(T); // NTP corrects it
    assertThat(clock.millis()).isEqualTo(T - 30_000 + NodeClock.SLACK_MILLIS);

    clock.observe(T - 40_000); // an older time changes nothing
    assertThat(clock.millis()).isEqualTo(T - 30_000 + NodeClock.SLACK_MILLIS);
    clock.observe(T); // a leader with a good clock stamped T
    assertThat(clock.millis()).isEqualTo(T);
    pass(1_000);
    assertThat(clock.millis()).isEqualTo(T + 1_000);
  }
}
