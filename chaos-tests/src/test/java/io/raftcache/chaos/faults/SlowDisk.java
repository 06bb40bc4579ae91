package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import io.raftcache.chaos.harness.NodeShim;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes every fsync of one node wait {@link #DELAY} first (through the node shim), a follower's
 * first, then the leader's, then a follower's again: a disk gone slow. Its measure is the write
 * latency during the fault against just before it (ChaosRun notes both); a slow follower must not
 * slow the writes, since a majority is there without it.
 */
public final class SlowDisk implements Fault {
  /** An fsync of a loaded cloud volume at its worst, many times a healthy one's. */
  public static final Duration DELAY = Duration.ofMillis(200);
  private static final String FOLLOWER = " (follower)";

  private final java.util.Random random = new java.util.Random(17);
  private int round;

  @Override
  public String name() {
    return "slow-disk";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(8);
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    return NodeShim.unavailable();
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    Node target = round++ % 2 == 0 ? context.cluster().follower(leader, random) : leader;
    NodeShim.delayFsync(target, DELAY);
    return new Injection(List.of(target), "every fsync of " + target.id() + (target.equals(leader) ? " (leader)" : FOLLOWER)
        + " delayed " + DELAY.toMillis() + " ms", System.nanoTime());
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    NodeShim.delayFsync(injection.targets().get(0), Duration.ZERO);
  }

  /** Whether the injection so described slowed a follower's disk, which must not slow writes. */
  public static boolean onFollower(String description) {
    return description.contains(FOLLOWER);
  }
}
