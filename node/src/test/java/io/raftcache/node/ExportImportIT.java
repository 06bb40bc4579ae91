package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.cli.RespExport;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.testing.RedisServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Issue 15, moving to raftcache and away from it: a real Redis's keys of every type are exported
 * as Redis commands, replayed into raftcache with {@code redis-cli --pipe}, exported from
 * raftcache again and replayed into an emptied Redis, which then holds what it held at first.
 */
class ExportImportIT {
  @TempDir
  Path dir;

  @Test
  void redisToRaftcacheAndBack_keepsEveryTypeAndTtl() throws Exception {
    try (RedisServer redis = RedisServer.start(dir); Jedis source = new Jedis("127.0.0.1", redis.port());
        MiniCluster cluster = MiniCluster.start(dir.resolve("cluster"), 3, MiniCluster.fastTunables())) {
      NodeConfig leader = cluster.node(cluster.awaitLeader());
      source.set("plain", "hello world");
      source.set("session:1".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff, 13, 10, 42});
      source.pexpire("session:1", 3_600_000);
      source.hset("user:1", Map.of("name", "alice", "plan", "pro"));
      source.sadd("big-set", IntStream.range(0, 1200).mapToObj(i -> "m" + i).toArray(String[]::new));
      source.zadd("board", Map.of("alice", 42.5, "bob", Double.NEGATIVE_INFINITY, "carol", 7.0));
      source.rpush("queue", "a", "b", "a", "c");
      Map<String, String> before = contents(source);

      long imported = pipe(export(source), leader.respPort());
      // Six DELs, 17 commands of values (the 1,200-member set in 12 of 100), one PEXPIREAT.
      assertThat(imported).isEqualTo(24);
      try (Jedis raftcache = new Jedis(leader.host(), leader.respPort())) {
        assertThat(contents(raftcache)).isEqualTo(before);
        assertThat(raftcache.pttl("session:1")).isBetween(3_500_000L, 3_600_000L);

        source.flushAll();
        pipe(export(raftcache), redis.port());
      }
      assertThat(contents(source)).isEqualTo(before);
      assertThat(source.pttl("session:1")).isBetween(3_500_000L, 3_600_000L);
    }
  }

  private static byte[] export(Jedis from) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new RespExport(from, out).export("*");
    return out.toByteArray();
  }

  /** Replays {@code commands} into the server on {@code port} as a user would; returns the replies counted. */
  private static long pipe(byte[] commands, int port) throws Exception {
    Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--pipe").redirectErrorStream(true).start();
    p.getOutputStream().write(commands);
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as(output).contains("errors: 0");
    return Long.parseLong(output.replaceAll("(?s).*replies: (\\d+).*", "$1"));
  }

  /** Every key's type and value, in a comparable form. */
  private static Map<String, String> contents(Jedis jedis) {
    Map<String, String> all = new TreeMap<>();
    for (String key : jedis.keys("*")) {
      String type = jedis.type(key);
      String value = switch (type) {
        case "string" -> java.util.Arrays.toString(jedis.get(key.getBytes(StandardCharsets.UTF_8)));
        case "hash" -> new TreeMap<>(jedis.hgetAll(key)).toString();
        case "set" -> new java.util.TreeSet<>(jedis.smembers(key)).toString();
        case "zset" -> jedis.zrangeWithScores(key, 0, -1).toString();
        case "list" -> new ArrayList<>(jedis.lrange(key, 0, -1)).toString();
        default -> type;
      };
      all.put(key, type + " " + value);
    }
    return all;
  }
}
