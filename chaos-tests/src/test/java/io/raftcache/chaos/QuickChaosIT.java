package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosProfile.Group;
import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.faults.KillAll;
import io.raftcache.chaos.faults.KillLeader;
import io.raftcache.chaos.faults.LoseQuorum;
import io.raftcache.chaos.faults.PauseLeader;
import io.raftcache.chaos.faults.WipeAndRejoin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick chaos profile, part of {@code mvn -B verify}: three node processes started with
 * bin/raftcache-cluster, TLS on every port and every client logged in as a user; a wiped follower rejoining a young cluster, two leader kills, a leader pause, a quorum loss and a whole-cluster
 * power cut, under load, with every check; then, on a cluster with a memory limit, two leader
 * kills while the leader evicts (in plaintext). Writes target/chaos-report.{json,md} and
 * target/chaos-timeline.svg.
 */
class QuickChaosIT {
  @TempDir
  Path dir;

  @Test
  void quickProfile_loseNothingStayLinearizableConverge() throws Exception {
    List<ScenarioResult> results = ChaosProfile.run("quick", dir, List.of(new Group(
        List.of("az-a", "az-b", "az-c"), false, List.of(
            // First, while the cluster is young: the leader's log still starts at its first entry.
            new Scenario("wipe-and-rejoin-young", new WipeAndRejoin(), 1),
            new Scenario("leader-kill", new KillLeader(), 2),
            new Scenario("leader-pause", new PauseLeader(), 1),
            new Scenario("quorum-loss", new LoseQuorum(), 1),
            new Scenario("kill-all", new KillAll(), 1))).withSecurity(),
        // A memory limit with evictions under way while leaders die: the same checks hold.
        new Group(List.of("az-a", "az-b", "az-c"), false, List.of(
            new Scenario("leader-kill-evicting", new KillLeader(), 2, ChaosProfile.EVICTABLE, true)),
            ChaosProfile.MEMORY_LIMIT)));

    long leaderKills = results.stream().flatMap(r -> r.faults().stream()).filter(f -> f.fault().equals("kill-leader")).count();
    assertThat(leaderKills).isGreaterThanOrEqualTo(4);
  }
}
