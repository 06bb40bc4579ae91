package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;

/** What a fault may use: the cluster, and probes that read from one chosen node. */
public record FaultContext(ChaosCluster cluster, ProbeFactory probes) {
  /** Opens a {@link StaleReadProbe} on a node, connected before the fault strikes. */
  @FunctionalInterface
  public interface ProbeFactory {
    StaleReadProbe open(Node node) throws Exception;
  }
}
