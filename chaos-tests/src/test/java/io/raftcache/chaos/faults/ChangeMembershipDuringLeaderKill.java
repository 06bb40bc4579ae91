package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import io.raftcache.client.CacheClient;
import io.raftcache.client.CacheException;
import io.raftcache.client.ClusterMember;
import io.raftcache.client.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A membership change racing the leader's death, as when a machine fails while an operator adds
 * or removes a node: the cluster's spare node is added to the group as a voter (when it is not a
 * member) or removed from it (when it is), and the leader is SIGKILLed a random moment into the
 * change. Healing restarts the killed node and, if the kill stopped the change, retries it as an
 * operator would, until the group says it is done; so two rounds leave the group as it began.
 */
public final class ChangeMembershipDuringLeaderKill implements Fault {
  /**
   * The kill comes up to this long after the call: a change here takes some hundreds of ms (the
   * new member catches up from the log or a snapshot), so some kills land before it commits and
   * some after.
   */
  private static final int LONGEST_DELAY_MILLIS = 400;
  private static final Duration SETTLED = Duration.ofSeconds(90);

  private final Random random = new Random();
  /** Runs the SDK's blocking membership calls, so that the fault can wait for them with a limit. */
  private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "membership-change");
    t.setDaemon(true);
    return t;
  });
  /** The change the last injection started, for the heal to finish. */
  private Change pending;

  private record Change(CacheClient admin, Node spare, boolean adding, CompletableFuture<List<ClusterMember>> call) {}

  @Override
  public String name() {
    return "membership-change-leader-kill";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Optional<String> unavailableReason(ChaosCluster cluster) {
    return cluster.spare().isPresent() ? Optional.empty() : Optional.of("the spare node runs on loopback only");
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node spare = cluster.spare().orElseThrow();
    boolean adding = !isMember(cluster, spare);
    CacheClient admin = cluster.client(Duration.ofSeconds(5), RetryPolicy.defaults());
    try {
      if (adding) {
        // A new machine: an empty data dir, listed in the file, started; it waits to be added.
        cluster.wipe(spare);
        cluster.enrolSpare();
        cluster.launch(spare);
      } else if (cluster.awaitLeader(SETTLED).equals(spare)) {
        // The leader cannot be removed: hand the leadership on first, as the CLI's refusal says.
        admin.transferLeader(Optional.empty());
      }
      Node leader = awaitLeaderOtherThan(cluster, spare);
      // Connected to every node before the clock starts: the change's call finds the leader at once.
      admin.clusterStatus();
      CompletableFuture<List<ClusterMember>> call = change(admin, spare, adding);
      int delayMillis = random.nextInt(LONGEST_DELAY_MILLIS);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMillis));
      boolean doneBeforeTheKill = call.isDone();
      long at = System.nanoTime();
      cluster.kill(leader);
      pending = new Change(admin, spare, adding, call);
      return new Injection(List.of(leader), String.format("%s %s; SIGKILL %s %d ms into it%s",
          adding ? "add" : "remove", spare.id(), leader.id(), delayMillis,
          doneBeforeTheKill ? " (it had already ended)" : ""), at);
    } catch (Exception | Error e) {
      admin.close();
      throw e;
    }
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    ChaosCluster cluster = context.cluster();
    Fault.restart(cluster, injection.targets());
    Change change = pending;
    try (CacheClient admin = change.admin()) {
      System.out.printf("[chaos] %s: %s%n", injection.description(), outcome(change.call()));
      finish(cluster, change);
      if (change.adding()) {
        cluster.awaitCaughtUp(SETTLED);
      } else {
        // Out of the group: the machine goes, and the file no longer lists it.
        cluster.stop(change.spare());
        cluster.retireSpare();
      }
    }
  }

  private CompletableFuture<List<ClusterMember>> change(CacheClient admin, Node spare, boolean adding) {
    return CompletableFuture.supplyAsync(
        () -> adding ? admin.addNode(spare.id()) : admin.removeNode(spare.id(), false), calls);
  }

  /** What the change's own call answered: the members, or why it failed (the kill may have cut it off). */
  private static String outcome(CompletableFuture<List<ClusterMember>> call) throws InterruptedException {
    try {
      return "the call returned " + call.get(SETTLED.toSeconds(), TimeUnit.SECONDS).stream()
          .map(ClusterMember::nodeId).toList();
    } catch (ExecutionException e) {
      return "the call failed: " + e.getCause().getMessage();
    } catch (TimeoutException e) {
      return "the call had not returned after " + SETTLED.toSeconds() + " s";
    }
  }

  /** Retries the change, as an operator would, until the group has (or no longer has) the spare. */
  private void finish(ChaosCluster cluster, Change change) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLED.toNanos();
    while (isMember(cluster, change.spare()) != change.adding()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("the group still " + (change.adding() ? "lacks " : "holds ")
            + change.spare().id() + " " + SETTLED.toSeconds() + " s after the kill");
      }
      try {
        List<ClusterMember> members = change(change.admin(), change.spare(), change.adding())
            .get(left, TimeUnit.NANOSECONDS);
        System.out.printf("[chaos] retried: members %s%n", members.stream().map(ClusterMember::nodeId).toList());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CacheException)) {
          throw new IllegalStateException("the retried change failed unexpectedly", e.getCause());
        }
        System.out.printf("[chaos] retry failed: %s%n", e.getCause().getMessage());
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      } catch (TimeoutException e) {
        // the loop's deadline has passed: the next check fails it
      }
    }
  }

  /** Whether the ready leader lists the node as a member of the group. */
  private static boolean isMember(ChaosCluster cluster, Node node) {
    cluster.awaitLeader(SETTLED);
    return cluster.status().stream().anyMatch(m -> m.nodeId().equals(node.id()) && m.inGroup());
  }

  private static Node awaitLeaderOtherThan(ChaosCluster cluster, Node spare) {
    AtomicReference<Node> found = new AtomicReference<>();
    ChaosCluster.awaitTrue(SETTLED, "leader other than " + spare.id(), () -> {
      cluster.leader().filter(l -> !l.equals(spare)).ifPresent(found::set);
      return found.get() != null;
    });
    return found.get();
  }
}
