package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SIGKILL a majority (the leader and enough followers): writes must fail with a clear "no leader /
 * unavailable" error by their deadline, and nothing acknowledged before is lost once they return.
 */
public final class LoseQuorum implements Fault {
  @Override
  public String name() {
    return "lose-quorum";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(6);
  }

  @Override
  public Optional<String> unavailableReason(io.raftcache.chaos.harness.ChaosCluster cluster) {
    return cluster.nodes().size() < 3 ? Optional.of("needs at least 3 nodes") : Optional.empty();
  }

  @Override
  public Injection inject(FaultContext context) {
    List<Node> nodes = context.cluster().nodes();
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    List<Node> victims = new ArrayList<>(List.of(leader));
    for (Node n : nodes) {
      if (victims.size() < nodes.size() / 2 + 1 && !n.equals(leader)) {
        victims.add(n);
      }
    }
    context.cluster().kill(victims);
    long at = System.nanoTime(); // the majority is gone with the last one
    return new Injection(victims, "SIGKILL " + victims.stream().map(Node::id).toList() + " (a majority)", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
