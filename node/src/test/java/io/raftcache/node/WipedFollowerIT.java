package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.node.raft.RaftStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, item 1: a follower whose data dir is wiped rejoins within seconds while the same
 * leader stays in charge. Ratis 3.3.0's leader kept resending a heartbeat the empty follower could
 * never accept (it trusted the match index the follower had before the wipe), so the follower
 * stayed empty until the next leader change; {@code ReplicationRpc} is the fix.
 */
class WipedFollowerIT {
  private static final Duration REJOIN_WITHIN = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  @ParameterizedTest(name = "log purged: {0}, writes while it rejoins: {1}")
  @CsvSource({"false, false", "false, true", "true, false", "true, true"})
  void wipedFollower_rejoinsWithinSeconds_underTheSameLeader(boolean purged, boolean writesMeanwhile) throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3,
            purged ? MiniCluster.snapshotOften(300) : MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      String victim = leader.equals("n1") ? "n2" : "n1";
      AtomicInteger written = new AtomicInteger();
      // One write at a time, so each is an entry of its own: Ratis purges whole segments, in steps
      // of 1024 entries, and the purged case needs the log to start past the victim's first entry.
      int before = purged ? 3000 : 150;
      while (written.get() < before) {
        client.set("k" + written.get(), "v");
        written.incrementAndGet();
      }
      if (purged) {
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status(leader).logStartIndex() > 0);
      }
      cluster.awaitConverged();
      long term = cluster.status(leader).term();

      cluster.stop(victim);
      cluster.wipe(victim);
      AtomicBoolean writing = new AtomicBoolean(writesMeanwhile);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        while (writing.get()) {
          client.set("k" + written.get(), "v");
          written.incrementAndGet();
        }
      });
      cluster.start(victim);

      await().atMost(REJOIN_WITHIN).pollInterval(Duration.ofMillis(50))
          .until(() -> cluster.status(victim).progress().keyCount() >= before);
      writing.set(false);
      writer.join();
      cluster.awaitConverged();

      RaftStatus leaderNow = cluster.status(leader);
      assertThat(cluster.readyLeader()).as("the same leader throughout").contains(leader);
      assertThat(leaderNow.term()).as("no election happened").isEqualTo(term);
      assertThat(cluster.status(victim).progress().keyCount()).isEqualTo(written.get());
      if (purged) {
        assertThat(cluster.status(victim).snapshotIndex()).as("rebuilt from a snapshot").isPositive();
      }
    }
  }
}
