package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.raftcache.client.CacheClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes every node's /metrics while a load runs, a follower is stopped and restarted and the
 * leader is killed: the counters and gauges move as the cluster did. Then /ready, /health and
 * gRPC health on a node left without a majority.
 */
class MetricsIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  @Test
  void metricsFollowTheLoad_theLagAndTheLeaderChange_andReadinessFollowsTheLeader() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      List<String> ids = List.of("n1", "n2", "n3");
      String scraped = scrape(cluster, leader);
      assertThat(scraped).contains("raftcache_used_memory_bytes", "raftcache_max_memory_bytes", "raftcache_keys{",
          "raftcache_connections{", "raftcache_watch_subscribers", "raftcache_raft_term", "jvm_memory_used_bytes",
          "ratis_log_worker_flushTime_seconds{quantile=\"0.99\"}", "ratis_leader_election_electionCount_total",
          "ratis_log_appender_match_index{peer=\"");

      // Hits and misses, counted by the nodes that served the reads.
      double hitsBefore = sum(cluster, ids, "raftcache_keyspace_hits_total");
      double missesBefore = sum(cluster, ids, "raftcache_keyspace_misses_total");
      double setsBefore = sum(cluster, ids, "raftcache_commands_total{command=\"set\",outcome=\"ok\",protocol=\"grpc\"}");
      for (int i = 0; i < 100; i++) {
        client.set("m:" + i, "v" + i);
      }
      for (int i = 0; i < 100; i++) {
        client.get(i < 60 ? "m:" + i : "absent:" + i);
      }
      assertThat(sum(cluster, ids, "raftcache_keyspace_hits_total") - hitsBefore).isEqualTo(60);
      assertThat(sum(cluster, ids, "raftcache_keyspace_misses_total") - missesBefore).isEqualTo(40);
      assertThat(sum(cluster, ids, "raftcache_commands_total{command=\"set\",outcome=\"ok\",protocol=\"grpc\"}")
          - setsBefore).isEqualTo(100);
      assertThat(value(scrape(cluster, leader), "raftcache_keys{type=\"string\"}")).isEqualTo(100);
      assertThat(value(scrape(cluster, leader), "raftcache_command_duration_seconds_count{command=\"get\",protocol=\"grpc\"}"))
          .isGreaterThanOrEqualTo(1);

      // A stopped follower falls behind on the leader's gauges, and catches up once restarted.
      String follower = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      String lagOf = "raftcache_raft_follower_lag_entries{follower=\"" + follower + "\"}";
      assertThat(value(scrape(cluster, leader), lagOf)).isZero();
      cluster.stop(follower);
      for (int i = 0; i < 200; i++) {
        client.set("lag:" + i, "v");
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        String behind = scrape(cluster, leader);
        assertThat(value(behind, lagOf)).isGreaterThanOrEqualTo(200);
        assertThat(value(behind, "raftcache_raft_follower_lag_seconds{follower=\"" + follower + "\"}"))
            .isGreaterThan(1.0);
      });
      cluster.start(follower);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(value(scrape(cluster, leader), lagOf)).isZero());

      // The leader dies: the survivors count a leader change.
      List<String> survivors = ids.stream().filter(id -> !id.equals(leader)).toList();
      double changesBefore = sum(cluster, survivors, "raftcache_raft_leader_changes_total");
      cluster.stop(leader);
      String next = cluster.awaitLeader();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(sum(cluster, survivors, "raftcache_raft_leader_changes_total") - changesBefore)
              .isGreaterThanOrEqualTo(survivors.size()));
      assertThat(value(scrape(cluster, next), "raftcache_raft_role{role=\"leader\"}")).isEqualTo(1);

      // Alone, a node is alive but not ready, on HTTP and on gRPC health.
      String alone = survivors.stream().filter(id -> !id.equals(next)).findFirst().orElseThrow();
      assertThat(get(cluster, alone, "/ready").statusCode()).isEqualTo(200);
      cluster.stop(next);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        HttpResponse<String> ready = get(cluster, alone, "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("knows no leader");
      });
      assertThat(get(cluster, alone, "/health").statusCode()).isEqualTo(200);
      assertThat(value(scrape(cluster, alone), "raftcache_raft_leader_known")).isZero();
      ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.node(alone).clientEndpoint()).usePlaintext().build();
      try {
        // gRPC health follows within the node's refresh period (250 ms): Ratis does not announce
        // a lost leader, so it can lag the /ready answer, which asks Ratis on every request.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
            assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder()
                .setService("raftcache.v1.Cache").build()).getStatus()).isEqualTo(ServingStatus.NOT_SERVING));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static HttpResponse<String> get(MiniCluster cluster, String id, String path) throws Exception {
    URI uri = URI.create("http://" + cluster.node(id).metricsEndpoint() + path);
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape(MiniCluster cluster, String id) throws Exception {
    HttpResponse<String> response = get(cluster, id, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static double sum(MiniCluster cluster, List<String> ids, String series) throws Exception {
    double total = 0;
    for (String id : ids) {
      total += value(scrape(cluster, id), series);
    }
    return total;
  }

  /** The value of one series, named with its labels sorted by name, as the client library writes them; 0 if absent. */
  static double value(String exposition, String series) {
    return Arrays.stream(exposition.split("\n"))
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
        .findFirst().orElse(0);
  }
}
