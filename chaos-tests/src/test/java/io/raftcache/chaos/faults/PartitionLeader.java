package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Cuts the leader off from the other nodes (it still answers clients) and, while it is cut off,
 * keeps reading through it: a leader that cannot reach a majority must not answer a linearizable
 * read from its copy, which the new leader's writes may already have overtaken.
 */
public final class PartitionLeader implements Fault {
  private static final Duration CUT_OFF = Duration.ofSeconds(3);

  @Override
  public String name() {
    return "partition-leader";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofMillis(500);
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    return cluster.network().canPartition() ? Optional.empty()
        : Optional.of("the nodes run on loopback, not in network namespaces");
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    try (StaleReadProbe probe = context.probes().open(leader)) {
      cluster.network().partition(leader.index(), cluster.nodes().size());
      long at = System.nanoTime(); // every route is in place
      probe.readFor(CUT_OFF, Duration.ofMillis(20));
      return new Injection(List.of(leader), "partition " + leader.id() + " from the other nodes for "
          + CUT_OFF.toMillis() + " ms", at);
    }
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    context.cluster().network().heal();
  }
}
