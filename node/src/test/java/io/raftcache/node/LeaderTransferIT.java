package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.client.InvalidArgumentException;
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
}
