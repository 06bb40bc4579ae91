package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosProfile.Group;
import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.faults.PlannedRollingRestart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned maintenance under load, with every check ({@code bin/chaos --maintenance}, and part of
 * the full profile): {@code bin/raftcache-cluster restart --rolling} on a secured cluster.
 * The report's "longest write wait" column is the measure (target: 100 ms).
 */
class MaintenanceChaosIT {
  /** The group the full profile runs too. */
  static final Group MAINTENANCE = new Group(List.of("az-a", "az-b", "az-c"), false, List.of(
      new Scenario("rolling-restart-planned", new PlannedRollingRestart(), 1))).withSecurity();

  @TempDir
  Path dir;

  @Test
  void plannedRollingRestart_loseNothingStayLinearizableConverge() throws Exception {
    List<ScenarioResult> results = ChaosProfile.run("maintenance", dir, List.of(MAINTENANCE));
    assertThat(results).singleElement().satisfies(r -> assertThat(r.faults()).hasSize(1));
  }
}
