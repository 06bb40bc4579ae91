package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;

/** SIGKILL a follower; restart it while writes continue. */
public final class KillFollower implements Fault {
  /** Seeded, so a run picks the same followers again. */
  private final java.util.Random random = new java.util.Random(7);

  @Override
  public String name() {
    return "kill-follower";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(3);
  }

  @Override
  public Injection inject(FaultContext context) {
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    Node follower = context.cluster().follower(leader, random);
    long at = System.nanoTime();
    context.cluster().kill(follower);
    return new Injection(List.of(follower), "SIGKILL follower " + follower.id(), at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
