package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.node.statemachine.ClusterClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's clock may step only so far per entry within a term, so on an idle cluster the
 * leader proposes ticks (entries carrying only its time); without them, the first write after a
 * long quiet spell would be applied at a time far behind the wall clock, and a TTL it set would
 * look expired at once.
 */
class IdleClusterIT {
  @TempDir
  Path dir;

  @Test
  void idleCluster_leaderTicks_everyReplicaAppliesThem() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      client.set("k", "v");
      cluster.awaitConverged();
      long time = cluster.status(leader).progress().clusterTimeMillis();
      long revision = cluster.status(leader).progress().revision();

      await().atMost(Duration.ofMillis(ClusterClock.TICK_AFTER_MILLIS).plusSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.status(leader).progress().clusterTimeMillis() >= time + ClusterClock.TICK_AFTER_MILLIS);
      cluster.awaitConverged();

      assertThat(cluster.status(leader).progress().revision()).as("a tick changes no key").isEqualTo(revision);
      assertThat(client.get("k")).contains("v");
    }
  }
}
