package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import io.raftcache.chaos.harness.NodeShim;
import io.raftcache.client.CacheClient;
import io.raftcache.client.RetryPolicy;
import io.raftcache.client.SetOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * One node's wall clock jumps an hour while it runs (a bad NTP step, an operator's {@code date -s}),
 * under the workload, whose fresh keys live for half an hour: the leader's clock ahead, a
 * follower's back, the leader's back, a follower's ahead, round after round. An hour ahead
 * believed by the leader would expire those keys (lost writes); an hour back believed by any node
 * would have it show expired keys again. Before the clock is stepped back to the true time, the
 * heal checks both on the stepped node itself: the deadline the cluster gives a new key is the true
 * time's, and a key past its TTL is not shown.
 */
public final class StepClock implements Fault {
  public static final Duration FRESH_KEY_TTL = Duration.ofMinutes(30);
  private static final Duration STEP = Duration.ofHours(1);
  private static final Duration SHORT_TTL = Duration.ofSeconds(1);
  private static final Duration DEADLINE_TTL = Duration.ofMinutes(1);
  /** A node's clock may stray 1 s from its wall clock's true course (NodeClock), and the leader's stamp is taken at some point of the call. */
  private static final Duration TRUE_TIME_MARGIN = Duration.ofMillis(1500);
  /** Past the short TTL by more than a node's clock may stray (1 s), and the leaders' clocks differ. */
  private static final Duration EXPIRED_FOR = Duration.ofSeconds(3);

  private final java.util.Random random = new java.util.Random(11);
  private int round;

  @Override
  public String name() {
    return "clock-step";
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
    boolean onLeader = round % 2 == 0;
    boolean ahead = round % 4 == 0 || round % 4 == 3;
    round++;
    Node leader = context.cluster().awaitLeader(Duration.ofSeconds(30));
    Node target = onLeader ? leader : context.cluster().follower(leader, random);
    NodeShim.shiftClock(target, ahead ? STEP : STEP.negated());
    return new Injection(List.of(target), String.format("wall clock of %s (%s) stepped %s1 h", target.id(),
        onLeader ? "leader" : "follower", ahead ? "+" : "-"), System.nanoTime());
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    Node target = injection.targets().get(0);
    try (CacheClient any = context.cluster().client(Duration.ofSeconds(10), RetryPolicy.defaults())) {
      clusterTimeStaysTrue(context.cluster(), any, target);
      expiredKeyStaysHidden(context.cluster(), any, target);
    } finally {
      NodeShim.shiftClock(target, Duration.ZERO);
    }
  }

  /**
   * The cluster's time, read back as the deadline the leader gave a new key (PEXPIRETIME, on the
   * stepped node), is the true time (this JVM's clock, which no shim moves) within a node's slack.
   */
  private static void clusterTimeStaysTrue(ChaosCluster cluster, CacheClient any, Node stepped) throws Exception {
    String key = "clock-step-deadline-" + System.nanoTime();
    long before = System.currentTimeMillis();
    any.set(key, "deadline", SetOptions.ttl(DEADLINE_TTL));
    long after = System.currentTimeMillis();
    long deadline;
    try (Jedis jedis = new Jedis(HostAndPort.from(stepped.respEndpoint()), cluster.respConfig().build())) {
      deadline = jedis.pexpireTime(key);
    }
    long stamped = deadline - DEADLINE_TTL.toMillis();
    if (stamped < before - TRUE_TIME_MARGIN.toMillis() || stamped > after + TRUE_TIME_MARGIN.toMillis()) {
      throw new IllegalStateException(String.format("after %s's wall clock was stepped, the cluster stamped a write "
          + "%+d ms from the true time (%d..%d)", stepped.id(), stamped < before ? stamped - before : stamped - after,
          before, after));
    }
  }

  /** A key written with a 1 s TTL, read on the stepped node 3 s later, linearizably and from its own copy. */
  private static void expiredKeyStaysHidden(ChaosCluster cluster, CacheClient any, Node stepped) {
    String key = "clock-step-probe-" + System.nanoTime();
    try (CacheClient own = cluster.clientOf(stepped, Duration.ofSeconds(10))) {
      any.set(key, "short-lived", SetOptions.ttl(SHORT_TTL));
      LockSupport.parkNanos(EXPIRED_FOR.toNanos());
      Optional<String> linearizable = own.get(key);
      Optional<String> local = own.withStaleReads().get(key);
      if (linearizable.isPresent() || local.isPresent()) {
        throw new IllegalStateException(stepped.id() + ", its wall clock stepped, still shows a key "
            + EXPIRED_FOR.toSeconds() + " s after its " + SHORT_TTL.toSeconds() + " s TTL (linearizable read: "
            + linearizable + ", its own copy: " + local + ")");
      }
    }
  }
}
