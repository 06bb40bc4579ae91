package io.raftcache.node;

import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.node.config.CertificateFiles;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.TlsConfig;
import io.raftcache.node.config.Tunables;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.node.tls.CertificateMaker;
import io.raftcache.proto.v1.Role;
import io.raftcache.testing.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.util.ExitUtils;

/**
 * Three (or more) real nodes in one JVM: real Ratis servers on loopback ports, real RocksDB and
 * Raft logs in a temp dir, real gRPC client ports. Ports are free ones outside the ephemeral
 * range, so tests never collide with a local cluster or with their own outgoing connections.
 */
final class MiniCluster implements AutoCloseable {
  static {
    // Ratis calls System.exit when a server cannot start (a port taken); in a test JVM that
    // would kill the whole fork, so make it throw and fail the one test instead.
    ExitUtils.disableSystemExit();
  }

  final ClusterConfig config;
  private final Map<String, CacheNode> running = new LinkedHashMap<>();
  /** Fatal errors the nodes reported; a node process would have exited. */
  final List<String> fatalErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

  private MiniCluster(ClusterConfig config) {
    this.config = config;
  }

  static MiniCluster start(Path dir, int size, Tunables tunables) throws IOException {
    return start(build(dir, size, tunables, false));
  }

  /**
   * A cluster with TLS on every port: a CA and node certificates made in {@code dir/tls} as
   * {@code raftcache-cluster certs} makes them.
   */
  static MiniCluster startWithTls(Path dir, int size, Tunables tunables) throws IOException {
    ClusterConfig config = build(dir, size, tunables, true);
    makeCertificates(config);
    return start(config);
  }

  static ClusterConfig build(Path dir, int size, Tunables tunables, boolean tls) {
    List<NodeConfig> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String id = "n" + (i + 1);
      Optional<CertificateFiles> certificate = tls
          ? Optional.of(new CertificateFiles(dir.resolve("tls/" + id + ".crt"), dir.resolve("tls/" + id + ".key")))
          : Optional.empty();
      nodes.add(new NodeConfig(i, id, "az-" + (char) ('a' + i), "127.0.0.1", LoopbackPorts.next(), LoopbackPorts.next(),
          LoopbackPorts.next(), LoopbackPorts.next(), dir.resolve(id), certificate, false));
    }
    Optional<TlsConfig> ca = tls
        ? Optional.of(new TlsConfig(dir.resolve("tls/ca.crt"), Optional.of(dir.resolve("tls/ca.key"))))
        : Optional.empty();
    return new ClusterConfig(dir.resolve("cluster.yaml"), "mini", List.copyOf(nodes), tunables, ca, List.of(),
        Optional.empty());
  }

  static void makeCertificates(ClusterConfig config) throws IOException {
    try {
      CertificateMaker.make(config);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static MiniCluster start(ClusterConfig config) throws IOException {
    MiniCluster cluster = new MiniCluster(config);
    for (NodeConfig n : config.nodes()) {
      cluster.start(n.id());
    }
    return cluster;
  }

  static Tunables fastTunables() {
    Tunables d = Tunables.defaults();
    return new Tunables(d.electionTimeoutMin(), d.electionTimeoutMax(), d.snapshotIntervalEntries(),
        d.logSegmentBytes(), d.logRetainEntries(), d.maxKeyBytes(), 4096, 100, Duration.ofMillis(50), d.maxClients(), d.clientStallTimeout(),
        d.memory());
  }

  /** Fast tunables that snapshot every {@code entries} entries and keep no log behind a snapshot. */
  static Tunables snapshotOften(int entries) {
    Tunables d = fastTunables();
    return new Tunables(d.electionTimeoutMin(), d.electionTimeoutMax(), entries, 64 << 10, 0,
        d.maxKeyBytes(), d.maxValueBytes(), d.maxBatchKeys(), d.expiryScanInterval(), d.maxClients(), d.clientStallTimeout(),
        d.memory());
  }

  void start(String id) throws IOException {
    start(id, config);
  }

  /** Starts node {@code id} as {@code asConfigured} describes it (a node whose file differs from the others'). */
  void start(String id, ClusterConfig asConfigured) throws IOException {
    NodeConfig node = node(id, asConfigured);
    running.put(id, CacheNode.start(asConfigured, node, (what, cause) -> fatalErrors.add(id + ": " + what)));
  }

  void stop(String id) throws IOException {
    running.remove(id).close();
  }

  void wipe(String id) throws IOException {
    Path dataDir = node(id).dataDir();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  NodeConfig node(String id) {
    return node(id, config);
  }

  /** Node {@code id} as {@code file} describes it (a node added to the file after the cluster started). */
  static NodeConfig node(String id, ClusterConfig file) {
    return file.find(id).orElseThrow();
  }

  List<String> endpoints() {
    return config.nodes().stream().map(NodeConfig::clientEndpoint).toList();
  }

  /** A client of the cluster, over TLS if the cluster has it. */
  CacheClient client() {
    CacheClient.Builder builder = CacheClient.builder().endpoints(endpoints());
    config.tls().ifPresent(tls -> builder.tls(tls.ca()));
    return builder.build();
  }

  RaftStatus status(String id) {
    try {
      return running.get(id).raft().status();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<String> readyLeader() {
    return running.keySet().stream()
        .filter(id -> {
          RaftStatus s = status(id);
          return s.role() == Role.ROLE_LEADER && s.leaderReady();
        })
        .findFirst();
  }

  String awaitLeader() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(this::readyLeader, Optional::isPresent).orElseThrow();
  }

  /** Waits until every running node has applied the same index with the same digest. */
  void awaitConverged() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      List<RaftStatus> all = running.keySet().stream().map(this::status).toList();
      return all.stream().map(s -> s.progress()).distinct().count() == 1;
    });
  }

  @Override
  public void close() throws IOException {
    for (String id : List.copyOf(running.keySet())) {
      stop(id);
    }
    if (!fatalErrors.isEmpty()) {
      throw new AssertionError("nodes reported fatal errors: " + fatalErrors);
    }
  }
}
