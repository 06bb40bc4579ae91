package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.client.CacheException;
import io.raftcache.client.ClusterMember;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigLoader;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.v1.Role;
import io.raftcache.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, membership: a node whose machine is gone (data dir deleted) is replaced by a new node
 * under a new id and port while writes go on; a read replica and a voter are added and removed
 * online; unsafe or malformed changes are refused; a member restarts into the changed group; and
 * a file that moves a member's address is refused. Everything goes through the cluster file on
 * disk, as an operator edits it.
 */
class MembershipIT {
  @TempDir
  Path dir;

  private final List<String> lines = new ArrayList<>();
  private Path file;

  @Test
  void replaceAGoneNode_thenAddAndRemoveReplicaAndVoter_underLoad() throws Exception {
    file = dir.resolve("cluster.yaml");
    for (String id : List.of("n1", "n2", "n3")) {
      addToFile(id, "voter");
    }
    ClusterConfig initial = writeFile();
    try (MiniCluster cluster = MiniCluster.start(initial)) {
      String leader = cluster.awaitLeader();
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger sequence = new AtomicInteger();
      CompletableFuture<Void> writer;
      try (CacheClient client = clientOf(initial)) {
        // Enough single writes that the log is purged behind a snapshot: a new node must install one.
        while (sequence.get() < 1500) {
          write(client, sequence, acknowledged);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status(leader).logStartIndex() > 0);
      }
      CacheClient loadClient = clientOf(initial);
      writer = CompletableFuture.runAsync(() -> {
        while (writing.get()) {
          try {
            write(loadClient, sequence, acknowledged);
          } catch (RuntimeException unavailableForAMoment) {
            // Not acknowledged, so not expected; the next write goes on.
          }
        }
      });

      // n3's machine is gone: its process and its disk.
      String gone = leader.equals("n3") ? "n2" : "n3";
      cluster.stop(gone);
      cluster.wipe(gone);
      addToFile("n4", "voter");
      ClusterConfig withN4 = writeFile();
      cluster.start("n4", withN4);
      try (CacheClient admin = clientOf(withN4)) {
        assertThatThrownBy(() -> admin.removeNode(cluster.awaitLeader(), false)).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("is the leader");
        assertThatThrownBy(() -> admin.removeNode(gone, false)).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("would leave 2 voters");
        assertThatThrownBy(() -> admin.addNode("n9")).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("'n9' is not in the cluster file");

        long started = System.nanoTime();
        List<ClusterMember> members = admin.replaceNode(gone, "n4", false);
        System.out.printf("[membership] replaced %s by n4 (snapshot install included) in %d ms%n", gone,
            (System.nanoTime() - started) / 1_000_000);
        assertThat(members).extracting(ClusterMember::nodeId).containsExactlyInAnyOrderElementsOf(
            List.of("n1", "n2", "n3", "n4").stream().filter(id -> !id.equals(gone)).toList());
        assertThat(members).noneMatch(ClusterMember::replica);
        assertThatThrownBy(() -> admin.addNode("n4")).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("already a member");

        // A read replica in another zone, added and removed online.
        addToFile("r5", "replica");
        ClusterConfig withR5 = writeFile();
        cluster.start("r5", withR5);
        // Bounded-staleness reads from the replica alone: refused while it is not yet a member.
        try (CacheClient replicaOnly = CacheClient.builder().endpoints(List.of(MiniCluster.node("r5", withR5)
            .clientEndpoint())).timeout(Duration.ofSeconds(2)).build()) {
          CacheClient bounded = replicaOnly.withStaleReads(Duration.ofSeconds(5));
          assertThatThrownBy(() -> bounded.get("k1")).isInstanceOf(CacheException.class)
              .hasMessageContaining("behind the leader");
          assertThat(admin.addNode("r5")).filteredOn(ClusterMember::replica).extracting(ClusterMember::nodeId)
              .containsExactly("r5");
          await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status("r5").role() == Role.ROLE_LISTENER
              && cluster.status("r5").progress().appliedIndex() > 1500);
          assertThat(bounded.get("k1")).contains("vk1");
        }
        // A client in the replica's zone reads from it first.
        try (CacheClient local = CacheClient.builder().endpoints(endpointsOf(withR5)).preferZone("az-r5").build()) {
          long hitsBefore = cluster.status("r5").keys().hits();
          for (int i = 0; i < 20; i++) {
            assertThat(local.withStaleReads().get("k1")).contains("vk1");
          }
          assertThat(cluster.status("r5").keys().hits() - hitsBefore).isEqualTo(20);
        }
        // A fourth voter, added and removed online.
        addToFile("n6", "voter");
        cluster.start("n6", writeFile());
        assertThat(admin.addNode("n6")).filteredOn(m -> !m.replica()).hasSize(4);
        assertThat(admin.removeNode("n6", false)).extracting(ClusterMember::nodeId).doesNotContain("n6");
        assertThat(admin.removeNode("r5", false)).extracting(ClusterMember::nodeId).doesNotContain("r5");
      }
      cluster.stop("n6");
      cluster.stop("r5");
      writing.set(false);
      writer.get();
      loadClient.close();

      // A member restarts into the group as the log has it, not as the first file had it.
      String restarted = cluster.awaitLeader().equals("n1") ? "n2" : "n1";
      cluster.stop(restarted);
      cluster.start(restarted, writeFile());
      cluster.awaitLeader();
      cluster.awaitConverged();
      RaftStatus n4 = cluster.status("n4");
      assertThat(n4.role()).isIn(Role.ROLE_LEADER, Role.ROLE_FOLLOWER);
      ClusterConfig now = writeFile();
      try (CacheClient client = CacheClient.builder().endpoints(Stream.of("n1", "n2", "n3", "n4")
          .filter(id -> !id.equals(gone)).map(id -> MiniCluster.node(id, now).clientEndpoint()).toList()).build()) {
        List<String> keys = List.copyOf(acknowledged.keySet());
        for (int i = 0; i < keys.size(); i += 500) {
          List<String> chunk = keys.subList(i, Math.min(keys.size(), i + 500));
          List<Optional<String>> values = client.mget(chunk.toArray(String[]::new));
          for (int j = 0; j < chunk.size(); j++) {
            assertThat(values.get(j)).as(chunk.get(j)).contains(acknowledged.get(chunk.get(j)));
          }
        }
      }
      System.out.printf("[membership] %d acknowledged writes, all present after the changes%n", acknowledged.size());

      // A file that moves a member to another port is refused, naming the field.
      cluster.stop(restarted);
      ClusterConfig moved = movedRaftPort(writeFile(), restarted);
      assertThatThrownBy(() -> cluster.start(restarted, moved)).isInstanceOf(IOException.class)
          .hasMessageContaining("raft_port").hasMessageContaining("a member keeps its address");
      cluster.start(restarted, writeFile());
    }
  }

  private static void write(CacheClient client, AtomicInteger sequence, Map<String, String> acknowledged) {
    String key = "k" + sequence.incrementAndGet();
    client.set(key, "v" + key);
    acknowledged.put(key, "v" + key);
  }

  private CacheClient clientOf(ClusterConfig config) {
    return CacheClient.builder().endpoints(endpointsOf(config)).build();
  }

  private static List<String> endpointsOf(ClusterConfig config) {
    return config.nodes().stream().map(NodeConfig::clientEndpoint).toList();
  }

  private void addToFile(String id, String role) {
    lines.add(String.format("  - {id: %s, zone: az-%s, host: 127.0.0.1, raft_port: %d, client_port: %d, resp_port: %d,"
        + " data_dir: %s, role: %s}", id, id, LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next(),
        dir.resolve(id), role));
  }

  /** Writes the file as an operator would after each edit, and reads it back as a node does. */
  private ClusterConfig writeFile() throws Exception {
    Files.writeString(file, "cluster: membership\nnodes:\n" + String.join("\n", lines) + "\n"
        + "tunables: {snapshot_interval_entries: 300, log_segment_bytes: 65536, log_retain_entries: 0}\n");
    return ConfigLoader.load(file);
  }

  private static ClusterConfig movedRaftPort(ClusterConfig config, String id) {
    List<NodeConfig> nodes = config.nodes().stream().map(n -> !n.id().equals(id) ? n
        : new NodeConfig(n.index(), n.id(), n.zone(), n.host(), LoopbackPorts.next(), n.clientPort(), n.respPort(),
            n.metricsPort(), n.dataDir(), n.tls(), n.replica())).toList();
    return new ClusterConfig(config.file(), config.cluster(), nodes, config.tunables(), config.tls(), config.users(),
        Optional.empty());
  }
}
