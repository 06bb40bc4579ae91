package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One kind of failure: injected, left in place for a while, then healed. */
public interface Fault {
  String name();

  /** How long the fault stays in place before it is healed. */
  Duration holdFor();

  /** Why this fault cannot run against this cluster, or empty if it can. */
  default Optional<String> unavailableReason(ChaosCluster cluster) {
    return Optional.empty();
  }

  Injection inject(FaultContext context) throws Exception;

  void heal(FaultContext context, Injection injection) throws Exception;

  /**
   * What was done to whom, and when the fault was in place (monotonic nanoseconds): just before
   * a SIGKILL of one node, otherwise once the last signal or route change has been made, so that
   * unavailability is measured from the fault itself.
   */
  record Injection(List<Node> targets, String description, long atNanos) {}

  /** Restarts every target that is not running. */
  static void restart(ChaosCluster cluster, List<Node> targets) throws Exception {
    for (Node n : targets) {
      if (!cluster.isRunning(n)) {
        cluster.launch(n);
      }
    }
  }
}
