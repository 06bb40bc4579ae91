package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import java.time.Duration;
import java.util.Optional;

/**
 * Planned maintenance as an operator does it: {@code bin/raftcache-cluster restart --rolling},
 * which restarts the nodes one by one and hands the leadership on before the leader stops. The
 * measure is the longest any write waited meanwhile (the target: 100 ms, against an election's
 * second for {@link RollingRestart}, which stops the leader without a transfer).
 */
public final class PlannedRollingRestart implements Fault {
  @Override
  public String name() {
    return "rolling-restart-planned";
  }

  @Override
  public Duration holdFor() {
    return Duration.ZERO;
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    // The script starts nodes on this host; in network namespaces the harness must start them.
    return cluster.network().canPartition()
        ? Optional.of("bin/raftcache-cluster starts nodes outside the test's network namespaces") : Optional.empty();
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    cluster.awaitLeader(Duration.ofSeconds(30));
    long at = System.nanoTime();
    cluster.rollingRestartByScript();
    return new Injection(cluster.nodes(), "bin/raftcache-cluster restart --rolling", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) {
    // the script restarted every node
  }
}
