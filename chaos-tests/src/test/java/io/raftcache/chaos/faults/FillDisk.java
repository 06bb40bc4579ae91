package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fills the disk of one node's data dir (its own small filesystem) under the workload, a
 * follower's first, then the leader's: the node must stop, saying why in its log, while the others
 * go on serving; once the space is freed again (the heal) it is restarted, as a supervisor would,
 * and must catch up. A node that keeps running 60 s after its disk filled fails the fault: it
 * would be a member that can no longer persist what it acknowledges.
 */
public final class FillDisk implements Fault {
  private static final Duration NOTICE_WITHIN = Duration.ofSeconds(60);
  /** What the node's log says when it stops for want of space (NodeMain). */
  private static final String SAYS_WHY = "out of space";

  private final java.util.Random random = new java.util.Random(13);
  private int round;

  @Override
  public String name() {
    return "disk-full";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    return cluster.noOwnDisks();
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
    Node target = round++ % 2 == 0 ? cluster.follower(leader, random) : leader;
    fill(ballast(target));
    long at = System.nanoTime();
    ChaosCluster.awaitTrue(NOTICE_WITHIN, target.id() + " to stop once its disk is full",
        () -> !cluster.isRunning(target));
    return new Injection(List.of(target), "filled the disk of " + target.id()
        + (target.equals(leader) ? " (leader)" : " (follower)"), at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Node target = injection.targets().get(0);
    Files.deleteIfExists(ballast(target));
    String log = Files.readString(target.dataDir().resolve("node.log"));
    if (!log.contains(SAYS_WHY)) {
      throw new IllegalStateException(target.id() + " stopped when its disk filled, but its log does not say why");
    }
    Fault.restart(context.cluster(), injection.targets());
  }

  private static Path ballast(Node node) {
    return node.dataDir().resolve("ballast");
  }

  /** Writes to {@code file} until the filesystem has no room left. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (full.getMessage() == null || !full.getMessage().contains("No space left on device")) {
        throw full;
      }
    }
  }
}
