package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosProfile.Group;
import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.faults.ChangeMembershipDuringLeaderKill;
import io.raftcache.chaos.faults.PlannedRollingRestart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance under load, with every check ({@code bin/chaos --maintenance}, and part of the full
 * profile), on a secured cluster: {@code bin/raftcache-cluster restart --rolling}, whose measure
 * is the report's "longest write wait" column (target: 100 ms); then a spare node added to the
 * group and removed again, each change racing a SIGKILL of the leader.
 */
class MaintenanceChaosIT {
  /** The group the full profile runs too. */
  static final Group MAINTENANCE = new Group(List.of("az-a", "az-b", "az-c"), false, List.of(
      new Scenario("rolling-restart-planned", new PlannedRollingRestart(), 1),
      new Scenario("membership-change-leader-kill", new ChangeMembershipDuringLeaderKill(), 2))).withSecurity();

  @TempDir
  Path dir;

  @Test
  void rollingRestartAndMembershipChanges_loseNothingStayLinearizableConverge() throws Exception {
    List<ScenarioResult> results = ChaosProfile.run("maintenance", dir, List.of(MAINTENANCE));
    assertThat(results).extracting(r -> r.faults().size()).containsExactly(1, 2);
  }
}
