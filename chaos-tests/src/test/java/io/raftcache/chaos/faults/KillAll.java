package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;

/** SIGKILL every node at once (a power cut), then restart them all. */
public final class KillAll implements Fault {
  @Override
  public String name() {
    return "kill-all";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Injection inject(FaultContext context) {
    List<Node> all = context.cluster().nodes();
    context.cluster().kill(all);
    long at = System.nanoTime(); // service ends with the last one
    return new Injection(all, "SIGKILL every node", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Fault.restart(context.cluster(), injection.targets());
  }
}
