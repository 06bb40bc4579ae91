package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.raftcache.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/** Real Redis client libraries, unchanged, against the RESP port of a follower. */
class RespClientsIT {
  @TempDir
  static Path dir;
  static MiniCluster cluster;
  static NodeConfig follower;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
    String leader = cluster.awaitLeader();
    follower = cluster.config.nodes().stream().filter(n -> !n.id().equals(leader)).findFirst().orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  @Test
  void jedis_commandsPipelinesAndErrors() {
    try (Jedis jedis = new Jedis(follower.host(), follower.respPort())) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.set("jedis:greeting", "hello")).isEqualTo("OK");
      assertThat(jedis.get("jedis:greeting")).isEqualTo("hello");
      assertThat(jedis.incrBy("jedis:n", 5)).isEqualTo(5);
      assertThat(jedis.hset("jedis:h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
      assertThat(jedis.hgetAll("jedis:h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
      jedis.zadd("jedis:z", Map.of("x", 1.0, "y", 2.5));
      assertThat(jedis.zrangeWithScores("jedis:z", 0, -1)).containsExactly(new Tuple("x", 1.0), new Tuple("y", 2.5));
      assertThat(jedis.ttl("jedis:greeting")).isEqualTo(-1);
      assertThatThrownBy(() -> jedis.incr("jedis:greeting")).isInstanceOf(JedisDataException.class)
          .hasMessage("ERR value is not an integer or out of range");
      assertThatThrownBy(() -> jedis.hget("jedis:z", "x")).hasMessageStartingWith("WRONGTYPE");

      Pipeline pipeline = jedis.pipelined();
      List<Response<Long>> counts = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        pipeline.set("jedis:p:" + i, Integer.toString(i));
        counts.add(pipeline.incr("jedis:pipelined"));
      }
      pipeline.sync();
      assertThat(counts.get(999).get()).isEqualTo(1000);
      assertThat(jedis.get("jedis:p:999")).isEqualTo("999");
    }
  }

  @Test
  void lettuce_speaksResp3_syncAndAsync() throws Exception {
    RedisClient client = RedisClient.create("redis://" + follower.respEndpoint());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> sync = connection.sync();
      assertThat(sync.set("lettuce:k", "v")).isEqualTo("OK");
      assertThat(sync.get("lettuce:k")).isEqualTo("v");
      assertThat(sync.get("lettuce:missing")).isNull();
      assertThat(sync.hset("lettuce:h", Map.of("f", "1"))).isEqualTo(1);
      assertThat(sync.hgetall("lettuce:h")).containsEntry("f", "1");
      assertThat(sync.sadd("lettuce:s", "a", "b")).isEqualTo(2);
      assertThat(sync.smembers("lettuce:s")).containsExactlyInAnyOrder("a", "b");
      sync.zadd("lettuce:z", 3.0, "c");
      assertThat(sync.zscore("lettuce:z", "c")).isEqualTo(3.0);
      assertThat(sync.zrangeWithScores("lettuce:z", 0, -1)).containsExactly(ScoredValue.just(3.0, "c"));

      RedisAsyncCommands<String, String> async = connection.async();
      List<RedisFuture<Long>> increments = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        increments.add(async.incr("lettuce:counter"));
      }
      assertThat(increments.get(499).get(10, TimeUnit.SECONDS)).isEqualTo(500);
    } finally {
      client.shutdown();
    }
  }
}
