package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.raftcache.client.CacheClient;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.client.SetOptions;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real nodes in one JVM, used through the real SDK. */
class ClusterIT {
  @TempDir
  Path dir;

  @Test
  void leaderShutdown_newLeaderElected_everyAcknowledgedWriteKept() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String first = cluster.awaitLeader();
      for (int i = 0; i < 100; i++) {
        client.set("key-" + i, "value-" + i);
        assertThat(client.get("key-" + i)).as("a linearizable read sees the write").contains("value-" + i);
        client.incr("counter");
      }

      cluster.stop(first);
      String second = cluster.awaitLeader();
      assertThat(second).isNotEqualTo(first);
      for (int i = 100; i < 150; i++) {
        client.set("key-" + i, "value-" + i);
        client.incr("counter");
      }

      for (int i = 0; i < 150; i++) {
        assertThat(client.get("key-" + i)).contains("value-" + i);
      }
      assertThat(client.get("counter")).contains("150");

      cluster.start(first);
      cluster.awaitConverged();
      assertThat(client.withStaleReads().get("key-149")).contains("value-149");
    }
  }

  @Test
  void wipedNode_rejoinsThroughASnapshotAndConverges() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.snapshotOften(300));
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      String victim = cluster.node("n1").id().equals(leader) ? "n2" : "n1";
      writeConcurrently(client, 0, 1500);
      cluster.stop(victim);
      cluster.wipe(victim);
      // One at a time, so each write is an entry of its own (concurrent ones are batched): Ratis
      // purges the log only in steps of 1024 entries, and the victim must find it purged.
      for (int i = 1500; i < 3000; i++) {
        client.set("k" + i, "v" + i);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status(cluster.readyLeader().orElseThrow()).logStartIndex() > 1);

      cluster.start(victim);
      cluster.awaitConverged();

      assertThat(cluster.status(victim).snapshotIndex()).as("rebuilt from a snapshot").isPositive();
      assertThat(cluster.status(victim).progress().keyCount()).isEqualTo(3000);
    }
  }

  @Test
  void allNodesRestarted_everyAcknowledgedWriteIsThere() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables())) {
      cluster.awaitLeader();
      try (CacheClient client = cluster.client()) {
        writeConcurrently(client, 0, 500);
        client.set("ttl-key", "v", SetOptions.ttl(Duration.ofHours(1)));
      }
      for (String id : List.of("n1", "n2", "n3")) {
        cluster.stop(id);
      }
      for (String id : List.of("n1", "n2", "n3")) {
        cluster.start(id);
      }
      cluster.awaitLeader();
      try (CacheClient client = cluster.client()) {
        for (int i = 0; i < 500; i++) {
          assertThat(client.get("k" + i)).contains("v" + i);
        }
        assertThat(client.ttl("ttl-key").remaining()).isGreaterThan(Duration.ofMinutes(59));
      }
    }
  }

  @Test
  void unreadableStateDatabase_isRebuiltFromTheLogOnRestart() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      String victim = leader.equals("n3") ? "n2" : "n3";
      writeConcurrently(client, 0, 200);
      cluster.stop(victim);
      Path current = cluster.node(victim).dataDir().resolve("state/CURRENT");
      java.nio.file.Files.writeString(current, "garbage\n");

      cluster.start(victim);
      cluster.awaitConverged();

      assertThat(cluster.status(victim).progress().keyCount()).isEqualTo(200);
    }
  }

  @Test
  void expiredKeys_areDeletedOnEveryReplicaByTheLeader() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      cluster.awaitLeader();
      client.set("short", "lived", SetOptions.ttl(Duration.ofMillis(200)));
      client.set("long", "lived");

      await().atMost(Duration.ofSeconds(10)).until(() ->
          List.of("n1", "n2", "n3").stream().allMatch(id -> cluster.status(id).progress().keyCount() == 1));
      assertThat(client.get("short")).isEmpty();
      cluster.awaitConverged();
    }
  }

  @Test
  void badInput_isRejectedAndNothingIsApplied() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      client.set("k", "v");
      // Ratis adds entries of its own (commit metadata), so compare the state, not the index.
      long revision = cluster.status(leader).progress().revision();
      long digest = cluster.status(leader).progress().digest();

      assertThatThrownBy(() -> client.set("", "v")).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("key: must not be empty");
      assertThatThrownBy(() -> client.set("k", "x".repeat(5000))).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("value: 5000 bytes exceed max_value_bytes (4096)");
      assertThatThrownBy(() -> client.expire("k", Duration.ofDays(100_000))).as("refused by the SDK, before sending")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be at most 3650 days");
      try (Socket socket = new Socket("127.0.0.1", cluster.node(leader).clientPort())) {
        OutputStream out = socket.getOutputStream();
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        out.write(garbage);
        out.flush();
        socket.getInputStream().read(new byte[1024]);
      }

      assertThat(cluster.status(leader).progress().revision()).isEqualTo(revision);
      assertThat(cluster.status(leader).progress().digest()).isEqualTo(digest);
      assertThat(client.get("k")).as("the node still serves").contains("v");
    }
  }

  @Test
  void clientPort_servesHealthAndReflectionForGenericTools() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables())) {
      ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.endpoints().get(0)).usePlaintext().build();
      try {
        cluster.awaitLeader(); // SERVING once the node knows a leader (MetricsIT: NOT_SERVING without)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(HealthGrpc.newBlockingStub(channel)
            .check(HealthCheckRequest.newBuilder().setService("raftcache.v1.Cache").build()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING));

        List<String> services = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(new StreamObserver<>() {
              @Override
              public void onNext(ServerReflectionResponse r) {
                r.getListServicesResponse().getServiceList().forEach(s -> services.add(s.getName()));
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        done.get(10, TimeUnit.SECONDS);

        assertThat(services).contains("raftcache.v1.Cache", "raftcache.v1.Cluster", "grpc.health.v1.Health");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static void writeConcurrently(CacheClient client, int from, int to) {
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = from; i < to; i++) {
      pending.add(client.async().set("k" + i, "v" + i));
      if (pending.size() == 64) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        pending.clear();
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
  }
}
