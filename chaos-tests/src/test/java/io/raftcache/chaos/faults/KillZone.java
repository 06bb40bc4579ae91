package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SIGKILL every node of a zone, the leader's when it is one of the largest: in a 2+2+1 layout, two
 * of five nodes go, and the three left must carry on.
 */
public final class KillZone implements Fault {
  @Override
  public String name() {
    return "kill-zone";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(4);
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    long zones = cluster.nodes().stream().map(Node::zone).distinct().count();
    return zones < 3 ? Optional.of("needs nodes in at least 3 zones") : Optional.empty();
  }

  @Override
  public Injection inject(FaultContext context) {
    ChaosCluster cluster = context.cluster();
    Map<String, List<Node>> byZone = cluster.nodes().stream().collect(Collectors.groupingBy(Node::zone));
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    int largest = byZone.values().stream().mapToInt(List::size).max().orElse(1);
    // The leader's zone when it is one of the largest (the hardest loss), else a largest one.
    String zone = byZone.get(leader.zone()).size() == largest ? leader.zone()
        : byZone.entrySet().stream().filter(e -> e.getValue().size() == largest).findFirst().orElseThrow().getKey();
    List<Node> victims = byZone.get(zone);
    cluster.kill(victims);
    long at = System.nanoTime();
    return new Injection(victims, "SIGKILL zone " + zone + " " + victims.stream().map(Node::id).toList(), at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
