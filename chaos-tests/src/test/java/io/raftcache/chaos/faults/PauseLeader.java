package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * SIGSTOP the leader for longer than the election timeout, then SIGCONT it. Just before it wakes,
 * reads are queued in its socket: on waking it still believes it leads, and must not answer them
 * from its stale copy.
 */
public final class PauseLeader implements Fault {
  private static final Duration QUEUE_TIME = Duration.ofMillis(100);

  private StaleReadProbe probe;

  @Override
  public String name() {
    return "pause-leader";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofMillis(2500);
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    probe = context.probes().open(leader);
    try {
      context.cluster().pause(leader);
    } catch (Exception e) {
      probe.close();
      throw e;
    }
    long at = System.nanoTime(); // once kill(1) has delivered the signal
    return new Injection(List.of(leader), "SIGSTOP " + leader.id() + " for " + holdFor().toMillis() + " ms", at);
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    try (StaleReadProbe reads = probe) {
      reads.fire(5);
      LockSupport.parkNanos(QUEUE_TIME.toNanos());
      context.cluster().resume(injection.targets().get(0));
    }
  }
}
