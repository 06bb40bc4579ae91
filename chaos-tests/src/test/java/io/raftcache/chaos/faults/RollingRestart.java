package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Restarts every node in turn with SIGTERM, followers first and the leader last, waiting for each
 * to catch up before the next: an upgrade under load.
 */
public final class RollingRestart implements Fault {
  @Override
  public String name() {
    return "rolling-restart";
  }

  @Override
  public Duration holdFor() {
    return Duration.ZERO;
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    long at = System.nanoTime();
    List<Node> order = new ArrayList<>(cluster.nodes());
    order.remove(leader);
    order.add(leader);
    for (Node n : order) {
      cluster.stop(n);
      cluster.launch(n);
      cluster.awaitCaughtUp(Duration.ofSeconds(60));
    }
    return new Injection(order, "SIGTERM and restart " + order.stream().map(Node::id).toList() + " one by one", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) {
    // every node was restarted as part of the injection
  }
}
