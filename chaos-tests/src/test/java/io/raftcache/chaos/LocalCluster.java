package io.raftcache.chaos;

import io.raftcache.client.CacheClient;
import io.raftcache.client.MemberStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of real node processes started the way users start one: a generated cluster file
 * (free ports, a temp dir) and {@code bin/raftcache-cluster start}. Stops every node it started
 * when closed, whatever state the test left them in.
 */
final class LocalCluster implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("raftcache.root", "..")).toAbsolutePath().normalize();

  final Path dir;
  final Path configFile;
  final List<Node> nodes;

  record Node(String id, String zone, int raftPort, int clientPort, Path dataDir) {
    String endpoint() {
      return "127.0.0.1:" + clientPort;
    }

    Optional<ProcessHandle> process() throws IOException {
      Path pidFile = dataDir.resolve("node.pid");
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive);
    }
  }

  private LocalCluster(Path dir, Path configFile, List<Node> nodes) {
    this.dir = dir;
    this.configFile = configFile;
    this.nodes = nodes;
  }

  static LocalCluster start(Path dir, int size) throws Exception {
    List<Node> nodes = new ArrayList<>();
    StringBuilder yaml = new StringBuilder("cluster: chaos\nnodes:\n");
    for (int i = 0; i < size; i++) {
      Node n = new Node("node-" + (i + 1), "az-" + (char) ('a' + i % 3), freePort(), freePort(), dir.resolve("node-" + (i + 1)));
      nodes.add(n);
      yaml.append(String.format("  - {id: %s, zone: %s, host: 127.0.0.1, raft_port: %d, client_port: %d, data_dir: %s}%n",
          n.id(), n.zone(), n.raftPort(), n.clientPort(), n.dataDir()));
    }
    Path configFile = dir.resolve("cluster.yaml");
    Files.writeString(configFile, yaml);
    LocalCluster cluster = new LocalCluster(dir, configFile, nodes);
    cluster.script("raftcache-cluster", "start", "--config", configFile.toString());
    return cluster;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs a bin/ script to completion; fails the test if it exits non-zero. */
  String script(String name, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin").resolve(name).toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, name, ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " " + args[0] + " did not finish in 120 s:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(name + " " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + output);
    }
    return output;
  }

  CacheClient client(Duration timeout) {
    return CacheClient.builder().endpoints(nodes.stream().map(Node::endpoint).toList()).timeout(timeout).build();
  }

  Node leader(CacheClient client) {
    String id = client.clusterStatus().stream().filter(MemberStatus::isLeader).findFirst()
        .orElseThrow(() -> new IllegalStateException("no leader")).nodeId();
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill(Node node) throws IOException {
    ProcessHandle process = node.process().orElseThrow(() -> new IllegalStateException(node.id() + " is not running"));
    process.destroyForcibly();
    process.onExit().join();
  }

  @Override
  public void close() throws Exception {
    try {
      script("raftcache-cluster", "stop", "--config", configFile.toString());
    } finally {
      for (Node n : nodes) {
        n.process().ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
