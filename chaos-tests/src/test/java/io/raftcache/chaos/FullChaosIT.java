package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosProfile.Group;
import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.faults.KillAll;
import io.raftcache.chaos.faults.KillFollower;
import io.raftcache.chaos.faults.KillLeader;
import io.raftcache.chaos.faults.KillZone;
import io.raftcache.chaos.faults.LoseQuorum;
import io.raftcache.chaos.faults.PartitionLeader;
import io.raftcache.chaos.faults.PauseLeader;
import io.raftcache.chaos.faults.RollingRestart;
import io.raftcache.chaos.faults.WipeAndRejoin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full chaos profile ({@code bin/chaos}, or {@code mvn -Pchaos-full verify}), about 50 minutes:
 * every fault, more than 100 leader kills, a five-node cluster across three zones, and (as root,
 * with {@code ip}) network partitions between namespaces.
 */
class FullChaosIT {
  private static final List<String> THREE_ZONES = List.of("az-a", "az-b", "az-c");
  /** Five nodes, 2 + 2 + 1: losing any one zone leaves a majority. */
  private static final List<String> FIVE_NODES = List.of("az-a", "az-a", "az-b", "az-b", "az-c");

  @TempDir
  Path dir;

  @Test
  void fullProfile_loseNothingStayLinearizableConverge() throws Exception {
    List<Scenario> threeNodes = new ArrayList<>();
    // First, while the cluster is young: the leader's log still starts at its first entry.
    threeNodes.add(new Scenario("wipe-and-rejoin-young", new WipeAndRejoin(), 1));
    IntStream.rangeClosed(1, 5).forEach(i -> threeNodes.add(new Scenario("leader-kill-" + i, new KillLeader(), 20)));
    threeNodes.addAll(List.of(
        new Scenario("leader-pause", new PauseLeader(), 3),
        new Scenario("follower-kill", new KillFollower(), 3),
        new Scenario("quorum-loss", new LoseQuorum(), 2),
        new Scenario("rolling-restart", new RollingRestart(), 1),
        new Scenario("wipe-and-rejoin", new WipeAndRejoin(), 2),
        new Scenario("kill-all", new KillAll(), 1)));

    List<ScenarioResult> results = ChaosProfile.run("full", dir, List.of(
        new Group(THREE_ZONES, true, List.of(
            new Scenario("leader-partition", new PartitionLeader(), 3),
            new Scenario("leader-pause-namespaces", new PauseLeader(), 2))),
        new Group(FIVE_NODES, false, List.of(
            new Scenario("zone-kill", new KillZone(), 2),
            new Scenario("leader-kill-5-nodes", new KillLeader(), 3))),
        new Group(THREE_ZONES, false, List.of(
            new Scenario("leader-kill-evicting", new KillLeader(), 5, ChaosProfile.EVICTABLE, true),
            new Scenario("follower-kill-evicting", new KillFollower(), 2, ChaosProfile.EVICTABLE, true)),
            ChaosProfile.MEMORY_LIMIT),
        new Group(THREE_ZONES, false, threeNodes),
        MaintenanceChaosIT.MAINTENANCE,
        ClockDiskChaosIT.CLOCKS_AND_DISKS));

    long leaderKills = results.stream().flatMap(r -> r.faults().stream()).filter(f -> f.fault().equals("kill-leader")).count();
    assertThat(leaderKills).isGreaterThanOrEqualTo(100);
  }
}
