package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;

/** SIGKILL a follower, delete its data dir, restart it: it must rejoin through a snapshot. */
public final class WipeAndRejoin implements Fault {
  /** Seeded, so a run picks the same followers again. */
  private final java.util.Random random = new java.util.Random(7);

  @Override
  public String name() {
    return "wipe-and-rejoin";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    Node follower = cluster.follower(leader, random);
    long at = System.nanoTime();
    cluster.kill(follower);
    cluster.wipe(follower);
    return new Injection(List.of(follower), "SIGKILL " + follower.id() + " and delete its data", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
