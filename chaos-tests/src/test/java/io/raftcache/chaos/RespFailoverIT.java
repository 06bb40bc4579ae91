package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/**
 * Redis HA clients, unchanged, against three node processes: Jedis's JedisSentinelPool and Lettuce
 * find the leader through the nodes' SENTINEL commands, follow it when it is SIGKILLed, and every
 * write they saw acknowledged is there afterwards.
 */
class RespFailoverIT {
  /** About twice a failover (election and first commit): the "writes resume within about two seconds". */
  private static final Duration MAX_GAP = Duration.ofMillis(2_500);

  @TempDir
  Path dir;

  @Test
  void jedisSentinelPool_leaderKilled_writesResume_andNoAcknowledgedWriteIsLost() throws Exception {
    try (ChaosCluster cluster = ChaosCluster.start(dir, List.of("az-a", "az-b", "az-c"), Network.loopback(), "")) {
      Set<String> sentinels = cluster.nodes().stream().map(ChaosCluster.Node::respEndpoint).collect(Collectors.toSet());
      try (JedisSentinelPool pool = new JedisSentinelPool("chaos", sentinels)) {
        assertThat(pool.getCurrentHostMaster().getPort()).isEqualTo(cluster.leader().orElseThrow().respPort());
        Outcome outcome = writeThroughAKill(cluster, key -> {
          try (Jedis jedis = pool.getResource()) {
            jedis.set(key, key);
          }
        });
        try (Jedis jedis = pool.getResource()) {
          assertThat(jedis.mget(outcome.acknowledged.toArray(String[]::new))).containsExactlyElementsOf(outcome.acknowledged);
        }
        assertThat(outcome.gap).as("longest time without an acknowledged write").isLessThan(MAX_GAP);
      }
    }
  }

  @Test
  void lettuceThroughSentinel_leaderKilled_writesResume_andNoAcknowledgedWriteIsLost() throws Exception {
    try (ChaosCluster cluster = ChaosCluster.start(dir, List.of("az-a", "az-b", "az-c"), Network.loopback(), "")) {
      RedisURI.Builder uri = null;
      for (ChaosCluster.Node n : cluster.nodes()) {
        uri = uri == null ? RedisURI.Builder.sentinel(n.host(), n.respPort(), "chaos") : uri.withSentinel(n.host(), n.respPort());
      }
      RedisClient client = RedisClient.create(uri.withTimeout(Duration.ofSeconds(1)).build());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        RedisCommands<String, String> redis = connection.sync();
        Outcome outcome = writeThroughAKill(cluster, key -> redis.set(key, key));
        assertThat(redis.mget(outcome.acknowledged.toArray(String[]::new)))
            .extracting(kv -> kv.getValueOrElse(null)).containsExactlyElementsOf(outcome.acknowledged);
        assertThat(outcome.gap).as("longest time without an acknowledged write").isLessThan(MAX_GAP);
      } finally {
        client.shutdown();
      }
    }
  }

  private record Outcome(List<String> acknowledged, Duration gap) {}

  private static int acknowledgedCount(List<String> acknowledged) {
    synchronized (acknowledged) {
      return acknowledged.size();
    }
  }

  /** One writer, one key per write: 100 acknowledged before the leader is SIGKILLed, 100 after. */
  private static Outcome writeThroughAKill(ChaosCluster cluster, Consumer<String> write) throws Exception {
    List<String> acknowledged = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    long[] longestGap = {0};
    Thread writer = new Thread(() -> {
      long lastAck = System.nanoTime();
      for (int i = 0; !stop.get(); i++) {
        String key = "failover:" + i;
        try {
          write.accept(key);
          long now = System.nanoTime();
          longestGap[0] = Math.max(longestGap[0], now - lastAck);
          lastAck = now;
          synchronized (acknowledged) {
            acknowledged.add(key);
          }
        } catch (RuntimeException failedOrUnknown) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
      }
    }, "resp-writer");
    writer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedCount(acknowledged) >= 100);
    cluster.kill(cluster.leader().orElseThrow());
    int beforeKill = acknowledgedCount(acknowledged);
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledgedCount(acknowledged) >= beforeKill + 100);
    stop.set(true);
    writer.join(10_000);
    synchronized (acknowledged) {
      System.out.printf("RESP failover: %d writes acknowledged, longest gap %d ms%n", acknowledged.size(),
          longestGap[0] / 1_000_000);
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
      return new Outcome(List.copyOf(acknowledged), Duration.ofNanos(longestGap[0]));
    }
  }
}
