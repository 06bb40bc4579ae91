package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import io.raftcache.client.MemberStatus;
import java.time.Duration;
import java.util.List;

/**
 * SIGKILL a follower, delete its data dir, restart it: it must rejoin, from the leader's log while
 * the log is young and through a snapshot once it has been purged, within {@link #REJOIN_WITHIN}
 * of answering, under the same leader (issue 10: Ratis's leader once kept an empty follower
 * waiting until the next leader change). Here a cold JVM catches up under the full workload on two
 * shared cores: 3.9 to 5.4 s in three quick-profile runs (2,300 to 2,700 entries from an empty
 * log); it took 15 s and more before the leader stopped flooding a slow follower with heartbeats
 * (ReplicationRpc).
 */
public final class WipeAndRejoin implements Fault {
  static final Duration REJOIN_WITHIN = Duration.ofSeconds(20);
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
    ChaosCluster cluster = context.cluster();
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    long term = member(cluster, leader).term();
    Fault.restart(cluster, injection.targets());
    Node rejoined = injection.targets().get(0);
    long committed = member(cluster, leader).commitIndex();
    long serving = System.nanoTime();
    long deadline = serving + REJOIN_WITHIN.toNanos();
    while (member(cluster, rejoined).appliedIndex() < committed) {
      if (System.nanoTime() > deadline) {
        MemberStatus now = member(cluster, rejoined);
        throw new IllegalStateException(rejoined.id() + " had applied index " + now.appliedIndex() + " of the "
            + committed + " committed when it restarted, " + REJOIN_WITHIN.toSeconds() + " s after rejoining ("
            + "leader then " + leader.id() + ", now " + cluster.leader().map(Node::id).orElse("none") + ")");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
    MemberStatus leaderNow = member(cluster, leader);
    // Reported, not failed: on a loaded host an election with no fault behind it can happen (see
    // the failover issue); WipedFollowerIT asserts the leader and term stay.
    String leadership = leaderNow.isLeader() && leaderNow.term() == term ? "the same leader and term"
        : "the leader changed meanwhile (term " + term + " -> " + leaderNow.term() + ")";
    System.out.printf("[chaos] %s applied the %d entries committed when it restarted %.1f s after it answered, %s%n",
        rejoined.id(), committed, (System.nanoTime() - serving) / 1e9, leadership);
  }

  private static MemberStatus member(ChaosCluster cluster, Node node) {
    return cluster.status().stream().filter(m -> m.nodeId().equals(node.id())).findFirst().orElseThrow();
  }
}
