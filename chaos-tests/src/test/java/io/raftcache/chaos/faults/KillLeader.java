package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;

/** SIGKILL the leader; restart it when healing. */
public final class KillLeader implements Fault {
  @Override
  public String name() {
    return "kill-leader";
  }

  @Override
  public Duration holdFor() {
    // Failover takes about a second; the old leader returns as a follower after this.
    return Duration.ofSeconds(2);
  }

  @Override
  public Injection inject(FaultContext context) {
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    long at = System.nanoTime();
    context.cluster().kill(leader);
    return new Injection(List.of(leader), "SIGKILL " + leader.id(), at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
