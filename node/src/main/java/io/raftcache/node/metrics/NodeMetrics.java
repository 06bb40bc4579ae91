package io.raftcache.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.raftcache.node.auth.Users;
import io.raftcache.node.command.CommandObserver;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.keyspace.KeyStats;
import io.raftcache.node.keyspace.Value;
import io.raftcache.node.raft.Acceptances.FollowerLag;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.Role;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * Every metric a node exports, in one Prometheus registry: commands (counted where every front
 * end runs them, {@link io.raftcache.node.command.CommandExecutor}), the keyspace, memory,
 * connections, Raft as this node sees it, Ratis's own metrics (bridged, not measured twice) and
 * the JVM's. Gauges are read when scraped; nothing here is on a command's path but two counter
 * increments and a histogram observation.
 */
public final class NodeMetrics {
  /** Latency buckets, in seconds: from a fast local read to a write through an election. */
  private static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /** Finer at the low end: a write's stages take from microseconds to a few milliseconds. */
  private static final double[] STAGE_BUCKETS = {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.00075,
      0.001, 0.0015, 0.002, 0.003, 0.005, 0.01, 0.025, 0.1, 1};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter commands;
  private final Histogram latency;
  private final Counter leaderChanges;
  private final AtomicReference<Optional<String>> lastLeader = new AtomicReference<>(Optional.empty());
  private final Map<String, IntSupplier> connections = new ConcurrentSkipListMap<>();

  /** @param peers every member's id, this node's included */
  public NodeMetrics(String nodeId, List<String> peers, RaftNode raft, MemoryLimit memory) {
    commands = Counter.builder().name("raftcache_commands_total")
        .help("Commands run, by front end, name and outcome (ok, or the error: invalid_argument, out_of_memory, "
            + "not_leader, no_leader, ...)")
        .labelNames("protocol", "command", "outcome").register(registry);
    latency = Histogram.builder().name("raftcache_command_duration_seconds").unit(Unit.SECONDS)
        .help("From a command's arrival to its answer, by front end and name").classicOnly()
        .classicUpperBounds(LATENCY_BUCKETS).labelNames("protocol", "command").register(registry);
    Histogram stages = Histogram.builder().name("raftcache_write_stage_duration_seconds").unit(Unit.SECONDS)
        .help("A leader's write entries, stage by stage: handoff (to Ratis), replicate (log append, fsync and "
            + "followers, up to the apply), apply, reply (from the apply back to the proposer)").classicOnly()
        .classicUpperBounds(STAGE_BUCKETS).labelNames("stage").register(registry);
    raft.observeWriteStages((stage, nanos) -> stages.labelValues(stage).observe(nanos / 1e9));
    leaderChanges = Counter.builder().name("raftcache_raft_leader_changes_total")
        .help("Times this node learned of a leader other than the one it knew").register(registry);
    raft.addLeaderListener(this::leaderKnown);

    registerKeyspace(raft, memory);
    registerRaft(raft);
    GaugeWithCallback.builder().name("raftcache_connections").help("Client connections open, by front end")
        .labelNames("protocol").callback(cb -> connections.forEach((protocol, open) -> cb.call(open.getAsInt(), protocol)))
        .register(registry);
    GaugeWithCallback.builder().name("raftcache_watch_subscribers").help("Watch streams open on this node")
        .callback(cb -> cb.call(raft.feed().subscribers())).register(registry);
    registry.register(new RatisMetricsBridge(nodeId, peers));
    JvmMetrics.builder().register(registry);
  }

  /** The registry, for the HTTP endpoint. */
  PrometheusRegistry registry() {
    return registry;
  }

  /** Counts and times the commands one front end runs. */
  public CommandObserver commandsOf(String protocol) {
    return (command, failure, nanos) -> {
      commands.labelValues(protocol, command, outcome(failure)).inc();
      latency.labelValues(protocol, command).observe(nanos / 1e9);
    };
  }

  /** Exports the open connections of one front end. */
  public void connectionsOf(String protocol, IntSupplier open) {
    connections.put(protocol, open);
  }

  /** Failed logins (RESP AUTH and HELLO, gRPC credentials), from {@code users}. */
  public void loginsOf(Users users) {
    CounterWithCallback.builder().name("raftcache_login_failures_total")
        .help("Logins refused: a wrong user-password pair or a disabled user (RESP and gRPC)")
        .callback(cb -> cb.call(users.failures())).register(registry);
  }

  static String outcome(ErrorCode failure) {
    return failure == null ? "ok" : failure.name().replaceFirst("^ERROR_CODE_", "").toLowerCase(Locale.ROOT);
  }

  private void leaderKnown(Optional<String> leader) {
    if (leader.isPresent() && !leader.equals(lastLeader.getAndSet(leader))) {
      leaderChanges.inc();
    }
  }

  private void registerKeyspace(RaftNode raft, MemoryLimit memory) {
    counter("raftcache_keyspace_hits_total", "Lookups of a key a command reads that found it", raft, KeyStats::hits);
    counter("raftcache_keyspace_misses_total", "Lookups of a key a command reads that did not find it", raft,
        KeyStats::misses);
    // Counted by the keyspace: from 0 again when a node starts or installs a snapshot.
    counter("raftcache_expired_keys_total", "Keys removed by the leader's expiry entries", raft, KeyStats::expired);
    counter("raftcache_evicted_keys_total", "Keys removed by the leader's eviction entries", raft, KeyStats::evicted);
    GaugeWithCallback.builder().name("raftcache_keys").help("Keys stored, by type").labelNames("type")
        .callback(cb -> {
          for (Value.Kind kind : Value.Kind.values()) {
            cb.call(raft.keys(kind), kind.name().toLowerCase(Locale.ROOT));
          }
        }).register(registry);
    GaugeWithCallback.builder().name("raftcache_used_memory_bytes").unit(Unit.BYTES)
        .help("What the keys take by the memory model; the same on every replica of the same state")
        .callback(cb -> cb.call(raft.usedMemory())).register(registry);
    GaugeWithCallback.builder().name("raftcache_rocksdb_memory_bytes").unit(Unit.BYTES)
        .help("RocksDB's memory outside the heap, by its own estimates, by part").labelNames("part")
        .callback(cb -> raft.storeMemoryBytes().forEach((part, bytes) -> cb.call(bytes, part))).register(registry);
    GaugeWithCallback.builder().name("raftcache_max_memory_bytes").unit(Unit.BYTES)
        .help("max_memory_bytes, the limit eviction keeps used memory under; 0 = none")
        .callback(cb -> cb.call(memory.maxBytes())).register(registry);
  }

  private void counter(String name, String help, RaftNode raft, ToLongFunction<KeyStats> count) {
    CounterWithCallback.builder().name(name).help(help)
        .callback(cb -> cb.call(count.applyAsLong(raft.keyStats()))).register(registry);
  }

  private void registerRaft(RaftNode raft) {
    GaugeWithCallback.builder().name("raftcache_raft_role").help("1 for this node's role in the group, 0 for the others")
        .labelNames("role").callback(cb -> status(raft).ifPresent(s -> {
          for (Role role : new Role[] {Role.ROLE_LEADER, Role.ROLE_FOLLOWER, Role.ROLE_CANDIDATE, Role.ROLE_LISTENER}) {
            cb.call(s.role() == role ? 1 : 0, role.name().replaceFirst("^ROLE_", "").toLowerCase(Locale.ROOT));
          }
        })).register(registry);
    GaugeWithCallback.builder().name("raftcache_raft_leader_known").help("1 while this node knows a leader")
        .callback(cb -> status(raft).ifPresent(s -> cb.call(s.leaderId().isPresent() ? 1 : 0))).register(registry);
    raftGauge(raft, "raftcache_raft_term", "The current Raft term", RaftStatus::term);
    raftGauge(raft, "raftcache_raft_commit_index", "The last log index this node knows committed",
        RaftStatus::commitIndex);
    raftGauge(raft, "raftcache_raft_applied_index", "The last log index this node applied",
        s -> s.progress().appliedIndex());
    GaugeWithCallback.builder().name("raftcache_raft_follower_lag_entries")
        .help("On the leader: entries each follower has not acknowledged").labelNames("follower")
        .callback(cb -> raft.followerLags().forEach(lag -> cb.call(lag.entries(), lag.id()))).register(registry);
    GaugeWithCallback.builder().name("raftcache_raft_follower_lag_seconds").unit(Unit.SECONDS)
        .help("On the leader: time since each follower last accepted a request (by its send time)")
        .labelNames("follower")
        .callback(cb -> raft.followerLags().stream().filter(lag -> lag.sinceAccepted() != null)
            .forEach(lag -> cb.call(seconds(lag), lag.id()))).register(registry);
  }

  private static double seconds(FollowerLag lag) {
    return lag.sinceAccepted().toNanos() / 1e9;
  }

  private void raftGauge(RaftNode raft, String name, String help, ToLongFunction<RaftStatus> value) {
    GaugeWithCallback.builder().name(name).help(help)
        .callback(cb -> status(raft).ifPresent(s -> cb.call(value.applyAsLong(s)))).register(registry);
  }

  /** Absent while the Raft server is closing: those gauges then report nothing. */
  private static Optional<RaftStatus> status(RaftNode raft) {
    try {
      return Optional.of(raft.status());
    } catch (IOException closed) {
      return Optional.empty();
    }
  }
}
