package io.raftcache.chaos;

import io.raftcache.chaos.check.Checks;
import io.raftcache.chaos.check.EvictionWatch;
import io.raftcache.chaos.check.LinearizabilityChecker;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.check.ScenarioResult.FaultResult;
import io.raftcache.chaos.faults.Fault;
import io.raftcache.chaos.faults.FaultContext;
import io.raftcache.chaos.faults.LoseQuorum;
import io.raftcache.chaos.faults.SlowDisk;
import io.raftcache.chaos.faults.StaleReadProbe;
import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.history.History;
import io.raftcache.chaos.history.History.FaultEvent;
import io.raftcache.chaos.history.HistoryFile;
import io.raftcache.chaos.history.Op;
import io.raftcache.chaos.history.RecordingClient;
import io.raftcache.chaos.history.RespConnection;
import io.raftcache.chaos.history.SdkConnection;
import io.raftcache.chaos.workload.Workload;
import io.raftcache.chaos.workload.Workload.FreshKeys;
import io.raftcache.client.CacheClient;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.client.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs scenarios against a cluster: a workload runs throughout, a fault is injected and healed
 * round after round, the cluster settles, then every check runs over the scenario's history.
 */
public final class ChaosRun {
  /**
   * A fault repeated {@code rounds} times under one workload, whose fresh keys are written as
   * {@code fresh} says; {@code evicts}: under a memory limit, where the leader must evict some.
   */
  public record Scenario(String name, Fault fault, int rounds, FreshKeys fresh, boolean evicts) {
    public Scenario(String name, Fault fault, int rounds) {
      this(name, fault, rounds, FreshKeys.PLAIN, false);
    }
  }

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than a node's own wait for a leader, so a RESP write ends with the node's answer. */
  static final Duration RESP_TIMEOUT = CommandExecutor.FORWARDING_DEADLINE.plusSeconds(3);
  static final int PROCESSES = 6;
  private static final Duration SETTLE = Duration.ofMillis(1000);
  private static final int READ_BATCH = 500;

  private final History history = new History();
  /** Where the history of a failed scenario is saved, to be checked again or read. */
  private final Path historyDir;
  private final LinearizabilityChecker checker = new LinearizabilityChecker(60_000);
  private final AtomicInteger nextProcess = new AtomicInteger();
  private final List<ScenarioResult> results = new ArrayList<>();
  private int scenarioCount;

  public ChaosRun(Path historyDir) {
    this.historyDir = historyDir;
  }

  public History history() {
    return history;
  }

  public List<ScenarioResult> results() {
    return results;
  }

  public ScenarioResult run(ChaosCluster cluster, Scenario scenario) throws Exception {
    String prefix = "s" + (++scenarioCount) + "-";
    Optional<String> unavailable = scenario.fault().unavailableReason(cluster);
    if (unavailable.isPresent()) {
      return skip(scenario, cluster.nodes().size(), unavailable.get());
    }
    // Every node caught up before the first fault: a lagging node would make it two faults.
    cluster.awaitCaughtUp(Duration.ofSeconds(90));
    long scenarioStart = System.nanoTime();
    List<FaultEvent> events = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // Half the processes use the SDK, half speak the Redis protocol (each starting at another node).
    List<String> respEndpoints = cluster.nodes().stream().map(ChaosCluster.Node::respEndpoint).toList();
    DefaultJedisClientConfig.Builder respConfig = cluster.respConfig();
    // Watching before the first write: an eviction of a fresh key is never missed.
    EvictionWatch evictions = scenario.evicts()
        ? new EvictionWatch(cluster.client(CALL_TIMEOUT, RetryPolicy.defaults()), prefix + Workload.FRESH) : null;
    Workload workload = new Workload(prefix, PROCESSES, nextProcess.getAndAdd(PROCESSES), p -> p % 2 == 0
        ? new SdkConnection(cluster.client(CALL_TIMEOUT, RetryPolicy.defaults()))
        : new RespConnection(respEndpoints, p, RESP_TIMEOUT, respConfig), history, scenario.fresh());
    FaultContext context = new FaultContext(cluster, node -> new StaleReadProbe(
        cluster.clientOf(node, Duration.ofSeconds(2)), history, nextProcess, i -> workload.registerKey(i % Workload.REGISTERS)));
    try {
      for (int round = 0; round < scenario.rounds(); round++) {
        pace(SETTLE);
        Fault.Injection injection = scenario.fault().inject(context);
        pace(scenario.fault().holdFor());
        long healing = System.nanoTime();
        scenario.fault().heal(context, injection);
        FaultEvent event = new FaultEvent(scenario.name(), scenario.fault().name(), injection.description(),
            injection.atNanos(), healing);
        events.add(event);
        history.add(event);
        cluster.awaitCaughtUp(Duration.ofSeconds(90));
      }
      pace(SETTLE);
    } finally {
      workload.close();
    }
    readRegistersBack(cluster, workload);

    List<Op> ops = history.ops().stream().filter(op -> op.invokeNanos() >= scenarioStart).toList();
    Map<String, Optional<String>> finals = finalValues(cluster, ops, workload);
    Set<String> evicted = Set.of();
    if (evictions != null) {
      try (EvictionWatch watch = evictions) {
        evicted = watch.evictedUpTo(cluster, Duration.ofSeconds(30));
        notes.add(evicted.isEmpty() ? "FAIL: no fresh key was evicted: the memory limit was never reached"
            : evicted.size() + " fresh keys evicted");
      } catch (IllegalStateException unknown) {
        notes.add("FAIL: evictions unknown: " + unknown.getMessage());
      }
    }
    List<String> lost = Checks.lostWrites(ops, workload.freshPrefix(), finals, evicted);
    long counter = finals.get(workload.counterKey()).map(Long::parseLong).orElse(0L);
    long[] counterErrors = Checks.counterErrors(ops, workload.counterKey(), counter);
    Optional<String> divergence = cluster.awaitConverged(Duration.ofSeconds(60));
    divergence.ifPresent(d -> notes.add("not converged after 60 s: " + d));
    boolean converged = divergence.isEmpty();
    LinearizabilityChecker.Result linear = checker.check(ops.stream().filter(op -> op.kind() != Op.Kind.INCR
        && !op.key().startsWith(workload.freshPrefix())).toList());
    List<FaultResult> faults = events.stream().map(e -> Checks.unavailability(e, ops, history.startNanos())).toList();
    events.forEach(e -> printSlowestWrites(e, ops));
    if (scenario.fault() instanceof SlowDisk) {
      events.forEach(e -> notes.add(Checks.writeLatency(e, events, ops, SlowDisk.onFollower(e.target()))));
    }
    if (scenario.fault() instanceof LoseQuorum) {
      events.forEach(e -> notes.add(Checks.failFast(e, ops, RetryPolicy.defaults().noLeaderTimeout(),
          CommandExecutor.FORWARDING_DEADLINE)));
    }
    faults.stream().filter(f -> f.writeUnavailableMillis() < 0 || f.readUnavailableMillis() < 0)
        .forEach(f -> notes.add("FAIL: no acknowledged write or read after " + f.fault() + " (" + f.description() + ")"));
    ScenarioResult result = new ScenarioResult(scenario.name(), cluster.nodes().size(), faults, ops.size(),
        ops.stream().filter(op -> op.isWrite() && op.outcome() == Op.Outcome.OK).count(),
        ops.stream().filter(op -> op.outcome() == Op.Outcome.FAILED).count(),
        ops.stream().filter(op -> op.outcome() == Op.Outcome.UNKNOWN).count(),
        lost.size(), lost.stream().limit(5).toList(), counterErrors[0], counterErrors[1],
        linear.violations().size(),
        linear.violations().stream().limit(3).map(v -> v.key() + ": " + v.explanation() + "; "
            + v.aroundStuck(40).stream().map(Op::toString).toList()).toList(),
        linear.undecidedKeys(), converged, notes);
    results.add(result);
    if (!result.passed()) {
      HistoryFile.write(historyDir.resolve("chaos-history-" + scenario.name() + ".jsonl"), ops);
    }
    return result;
  }

  /**
   * One last recorded read of every register once the workload has stopped, so that a register
   * write lost at the very end is caught by the linearizability check.
   */
  private void readRegistersBack(ChaosCluster cluster, Workload workload) {
    try (CacheClient client = cluster.client(Duration.ofSeconds(30), RetryPolicy.defaults())) {
      RecordingClient reader = new RecordingClient(nextProcess.getAndIncrement(), new SdkConnection(client), history);
      for (int i = 0; i < Workload.REGISTERS; i++) {
        reader.read(workload.registerKey(i));
      }
    }
  }

  /** Records that a scenario could not run here, and why. */
  public ScenarioResult skip(Scenario scenario, int nodes, String reason) {
    ScenarioResult skipped = new ScenarioResult(scenario.name(), nodes, List.of(), 0, 0, 0, 0, 0,
        List.of(), 0, 0, 0, List.of(), List.of(), true, List.of("skipped: " + reason));
    results.add(skipped);
    return skipped;
  }

  /** Final values of the fresh keys and the counter, read linearizably once the cluster is whole. */
  private static Map<String, Optional<String>> finalValues(ChaosCluster cluster, List<Op> ops, Workload workload) {
    Map<String, Optional<String>> values = new HashMap<>();
    try (CacheClient client = cluster.client(Duration.ofSeconds(30), RetryPolicy.defaults())) {
      values.put(workload.counterKey(), client.get(workload.counterKey()));
      List<String> fresh = ops.stream()
          .filter(op -> op.kind() == Op.Kind.WRITE && op.key().startsWith(workload.freshPrefix()))
          .map(Op::key)
          .distinct()
          .toList();
      for (int i = 0; i < fresh.size(); i += READ_BATCH) {
        List<String> batch = fresh.subList(i, Math.min(fresh.size(), i + READ_BATCH));
        List<Optional<String>> read = client.mget(batch.toArray(String[]::new));
        for (int k = 0; k < batch.size(); k++) {
          values.put(batch.get(k), read.get(k));
        }
      }
    }
    return values;
  }

  /**
   * The writes behind a fault's "longest write wait", with when each was invoked (seconds after
   * the fault, and by the wall clock, to be found in the nodes' logs) and what it got.
   */
  private static void printSlowestWrites(FaultEvent fault, List<Op> ops) {
    Instant injectedAt = Instant.now().minusNanos(System.nanoTime() - fault.injectedNanos());
    for (Op op : Checks.slowestWrites(fault, ops, 3)) {
      System.out.printf("[chaos] slow write during %s: %d ms, invoked +%.3f s (%s): %s%s%n", fault.target(),
          (op.completeNanos() - op.invokeNanos()) / 1_000_000, (op.invokeNanos() - fault.injectedNanos()) / 1e9,
          injectedAt.plusNanos(op.invokeNanos() - fault.injectedNanos()), op, op.error() == null ? "" : " " + op.error());
    }
  }

  /** Lets the workload run; the run's pace, not a wait for a condition. */
  private static void pace(Duration d) {
    LockSupport.parkNanos(d.toNanos());
  }
}
