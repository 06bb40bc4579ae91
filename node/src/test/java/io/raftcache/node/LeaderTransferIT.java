package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, leadership placement: a planned change of leader through Raft's leadership transfer,
 * to a named node or to the follower furthest along, with nothing lost and writes going on.
 */
class LeaderTransferIT {
  @TempDir
  Path dir;

  @Test
  void transfer_toANamedNode_andToTheFurthestFollower_keepsEveryWrite() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String first = cluster.awaitLeader();
      client.set("k", "before");
      String target = cluster.config.nodes().stream().map(NodeConfig::id).filter(id -> !id.equals(first))
          .findFirst().orElseThrow();
      long termBefore = cluster.status(first).term();

      long started = System.nanoTime();
      assertThat(client.transferLeader(Optional.of(target))).isEqualTo(target);
      await().atMost(Duration.ofSeconds(5)).until(() -> cluster.readyLeader().equals(Optional.of(target)));
      System.out.printf("[transfer] %s -> %s ready after %d ms%n", first, target, (System.nanoTime() - started) / 1_000_000);
      assertThat(cluster.status(target).term()).isEqualTo(termBefore + 1);
      assertThat(client.get("k")).contains("before");
      client.set("k", "after");

      // Without --to: one of the others, and not a node that is not a member.
      String next = client.transferLeader(Optional.empty());
      assertThat(next).isNotEqualTo(target);
      await().atMost(Duration.ofSeconds(5)).until(() -> cluster.readyLeader().equals(Optional.of(next)));
      assertThatThrownBy(() -> client.transferLeader(Optional.of("n9"))).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("'n9' is not a member");
      assertThat(client.get("k")).contains("after");
      cluster.awaitConverged();
    }
  }

  @Test
  void preferredZone_theLeaderGoesThere_andReturnsOnceItsNodeRecovers() throws Exception {
    ClusterConfig plain = MiniCluster.build(dir, 3, MiniCluster.fastTunables(), false);
    ClusterConfig config = new ClusterConfig(plain.file(), plain.cluster(), plain.nodes(), plain.tunables(), plain.tls(),
        plain.users(), Optional.of("az-c"));
    try (MiniCluster cluster = MiniCluster.start(config); CacheClient client = cluster.client()) {
      await().atMost(Duration.ofSeconds(15)).until(() -> cluster.readyLeader().equals(Optional.of("n3")));
      client.set("k", "v1");

      cluster.stop("n3");
      String interim = cluster.awaitLeader();
      assertThat(interim).isNotEqualTo("n3");
      client.set("k", "v2");
      long restarted = System.nanoTime();
      cluster.start("n3");
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster.readyLeader().equals(Optional.of("n3")));
      System.out.printf("[placement] the leader was back in az-c %d ms after n3 restarted%n",
          (System.nanoTime() - restarted) / 1_000_000);
      assertThat(client.get("k")).contains("v2");
      cluster.awaitConverged();
    }
  }
}
