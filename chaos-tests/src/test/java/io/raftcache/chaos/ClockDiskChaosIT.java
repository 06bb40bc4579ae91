package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosProfile.Group;
import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.faults.CorruptStoppedNode;
import io.raftcache.chaos.faults.FillDisk;
import io.raftcache.chaos.faults.SlowDisk;
import io.raftcache.chaos.faults.StepClock;
import io.raftcache.chaos.workload.Workload.FreshKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults of a node's own machine ({@code bin/chaos --clocks-disks}, and part of the full
 * profile): its wall clock stepped an hour either way while it runs, as leader and as follower;
 * its disk filled up (each data dir is a small filesystem of its own), a follower's, then the leader's;
 * its fsyncs slowed by 200 ms each, a follower's, the leader's, a follower's; what a stopped follower
 * holds on disk damaged (a log segment's byte flipped, the segment truncated, a state file's byte
 * flipped), then the node started again or rebuilt.
 */
class ClockDiskChaosIT {
  /** The group the full profile runs too. */
  static final Group CLOCKS_AND_DISKS = new Group(List.of("az-a", "az-b", "az-c"), false, List.of(
      new Scenario("clock-step", new StepClock(), 4, new FreshKeys(StepClock.FRESH_KEY_TTL, 0), false),
      // 4 KB values: the Raft log needs a new segment within seconds of the disk filling
      new Scenario("disk-full", new FillDisk(), 2, new FreshKeys(Duration.ZERO, 4096), false),
      new Scenario("slow-disk", new SlowDisk(), 3),
      new Scenario("corrupt-data", new CorruptStoppedNode(), 3)), "").withOwnDisks();

  @TempDir
  Path dir;

  @Test
  void clockStepsAndDiskFaults_loseNothingStayLinearizableConverge() throws Exception {
    List<ScenarioResult> results = ChaosProfile.run("clocks-disks", dir, List.of(CLOCKS_AND_DISKS));
    assertThat(results).extracting(r -> r.faults().size()).containsExactly(4, 2, 3, 3);
  }
}
