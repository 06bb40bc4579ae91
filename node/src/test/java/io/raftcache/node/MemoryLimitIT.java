package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.client.KeyChange;
import io.raftcache.client.MemberStatus;
import io.raftcache.client.OutOfMemoryException;
import io.raftcache.client.Watch;
import io.raftcache.client.WatchListener;
import io.raftcache.node.config.EvictionPolicy;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.testing.RespWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes with a memory limit, filled past it: under allkeys-lru the leader evicts so that
 * every replica stays near the limit with the same state, keeps the keys being read and reports
 * the evictions in the feed; under noeviction a write that would grow memory fails with Redis's
 * OOM error on both protocols, changing nothing, while reads and deletes go on.
 */
class MemoryLimitIT {
  private static final long LIMIT = 2_000_000;
  /** Keys written under allkeys-lru: about twice what fits. */
  private static final int KEYS = 2000;
  private static final String VALUE = "v".repeat(2000);

  @TempDir
  Path dir;

  @Test
  void allkeysLru_fillToTwiceTheLimit_staysNearIt_keepsTheReadKeys_andTheFeedShowsEvictions() throws Exception {
    MemoryLimit limit = new MemoryLimit(LIMIT, EvictionPolicy.ALLKEYS_LRU);
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables().withMemory(limit));
        CacheClient client = cluster.client()) {
      cluster.awaitLeader();
      List<KeyChange> feed = new CopyOnWriteArrayList<>();
      try (Watch watch = client.watch("fill:", recorder(feed))) {
        await().atMost(Duration.ofSeconds(5)).until(watch::isSubscribed);
        List<String> hot = IntStream.range(0, 50).mapToObj(i -> "fill:" + i).toList();
        long peak = 0;
        for (int i = 0; i < KEYS; i++) { // about twice what fits
          client.set("fill:" + i, VALUE);
          if (i >= 50 && i % 20 == 0) {
            hot.forEach(client::get); // keep reading the first 50 keys
          }
          peak = Math.max(peak, cluster.status(cluster.awaitLeader()).progress().usedMemory());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.status(cluster.awaitLeader()).progress().usedMemory() <= LIMIT);
        cluster.awaitConverged(); // the same keys, digest and used_memory on every replica

        System.out.printf("allkeys-lru: peak %d bytes for a limit of %d (%.1f%% over)%n", peak, LIMIT,
            100.0 * (peak - LIMIT) / LIMIT);
        assertThat(peak).as("overshoot under a write flood").isLessThanOrEqualTo((long) (LIMIT * (1 + MemoryLimit.HARD_OVERSHOOT)));
        long hotKept = hot.stream().filter(k -> client.get(k).isPresent()).count();
        assertThat(hotKept).as("recently read keys kept (of 50)").isGreaterThanOrEqualTo(45);
        long kept = IntStream.range(0, KEYS).filter(i -> client.get("fill:" + i).isPresent()).count();
        assertThat(kept).isBetween(KEYS / 4L, KEYS / 2L);
        await().atMost(Duration.ofSeconds(5)).until(() ->
            feed.stream().filter(c -> c.type() == KeyChange.Type.EVICTED).count() >= KEYS - kept);
        // what bin/raftcache stats shows: every node applied the same evictions; the leader served the reads
        List<MemberStatus> members = client.clusterStatus();
        assertThat(members).allSatisfy(m -> {
          assertThat(m.keys().evictedKeys()).isEqualTo(KEYS - kept);
          assertThat(m.keys().usedMemory()).isLessThanOrEqualTo(LIMIT);
          assertThat(m.keys().maxMemoryBytes()).isEqualTo(LIMIT);
        });
        assertThat(members.stream().filter(MemberStatus::isLeader).findFirst().orElseThrow().keys().hits())
            .isGreaterThanOrEqualTo(hot.size());
      }
    }
  }

  @Test
  void noeviction_refusesGrowingWritesWithOom_onBothProtocols_untilADeleteFreesMemory() throws Exception {
    MemoryLimit limit = new MemoryLimit(LIMIT, EvictionPolicy.NOEVICTION);
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables().withMemory(limit));
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      int written = 0;
      try {
        for (; written < 10_000; written++) {
          client.set("full:" + written, VALUE);
        }
      } catch (OutOfMemoryException expected) {
        // the limit is reached
      }
      assertThat(written).isBetween(500, 1000);
      long used = cluster.status(leader).progress().usedMemory();
      assertThat(used).isGreaterThanOrEqualTo(LIMIT);

      assertThatThrownBy(() -> client.set("one:more", "x")).isInstanceOf(OutOfMemoryException.class);
      NodeConfig follower = cluster.config.nodes().stream().filter(n -> !n.id().equals(leader)).findFirst().orElseThrow();
      try (RespWire resp = new RespWire(follower.host(), follower.respPort())) {
        assertThat(resp.call("SET", "one:more", "x")).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assertThat(resp.call("LPUSH", "queue", "x")).startsWith("-OOM ");
        assertThat(resp.call("GET", "full:0")).startsWith("$2000");
        assertThat(resp.call("EXPIRE", "full:1", "1000")).isEqualTo(":1\r\n");
        assertThat(resp.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(resp.call("DEL", "full:2")).isEqualTo("+QUEUED\r\n");
        assertThat(resp.call("SET", "one:more", "x")).isEqualTo("+QUEUED\r\n");
        assertThat(resp.call("EXEC")).startsWith("-OOM "); // the transaction grows memory: none of it applied
        assertThat(resp.call("EXISTS", "full:2", "one:more")).isEqualTo(":1\r\n");
        String[] delete = IntStream.range(0, 100).mapToObj(i -> "full:" + (10 + i)).toArray(String[]::new);
        String[] del = new String[delete.length + 1];
        del[0] = "DEL";
        System.arraycopy(delete, 0, del, 1, delete.length);
        assertThat(resp.call(del)).isEqualTo(":100\r\n");
      }
      assertThat(cluster.status(leader).progress().usedMemory()).isLessThan(used);
      client.set("one:more", "x"); // memory was freed: writes succeed again
      assertThat(client.get("one:more")).contains("x");
      cluster.awaitConverged();
    }
  }

  private static WatchListener recorder(List<KeyChange> feed) {
    return new WatchListener() {
      @Override
      public void onChange(KeyChange change) {
        feed.add(change);
      }

      @Override
      public void onReset() {}
    };
  }
}
