package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.raftcache.client.CacheClient;
import io.raftcache.client.KeyChange;
import io.raftcache.client.ScoredMember;
import io.raftcache.client.Watch;
import io.raftcache.client.WatchListener;
import io.raftcache.client.WrongTypeException;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashes, sets and sorted sets across real replicas, and the invalidation feed through failures. */
class CollectionsAndWatchIT {
  @TempDir
  Path dir;

  private static void writeCollections(CacheClient client, int from, int to) {
    for (int i = from; i < to; i++) {
      client.hashes().hset("h" + i % 10, Map.of("f" + i % 17, "v" + i));
      client.sets().sadd("s" + i % 5, "m" + i % 23);
      client.sortedSets().zadd("z" + i % 3, i, "m" + i % 29);
      if (i % 7 == 0) {
        client.sortedSets().zrem("z" + i % 3, "m" + i % 29);
        client.hashes().hdel("h" + i % 10, "f" + i % 17);
      }
    }
  }

  @Test
  void collections_replicateSurviveRestartAndSnapshotInstall_andEveryReplicaConverges() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.snapshotOften(200));
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      String restarted = cluster.node("n1").id().equals(leader) ? "n2" : "n1";
      String wiped = cluster.node("n3").id().equals(leader) ? "n2" : "n3";
      writeCollections(client, 0, 300);
      cluster.awaitConverged();
      List<ScoredMember> top = client.sortedSets().zrevrange("z0", 0, 4);

      cluster.stop(restarted);
      cluster.stop(wiped);
      cluster.wipe(wiped);
      cluster.start(restarted);
      writeCollections(client, 300, 600);
      await().atMost(Duration.ofSeconds(20)).until(() -> cluster.status(cluster.readyLeader().orElseThrow()).logStartIndex() > 1);
      cluster.start(wiped);
      cluster.awaitConverged();

      assertThat(cluster.status(wiped).snapshotIndex()).as("rebuilt from a snapshot").isPositive();
      assertThat(client.withStaleReads().sortedSets().zcard("z1")).isEqualTo(client.sortedSets().zcard("z1"));
      assertThat(client.sortedSets().zrevrange("z0", 0, 4)).isNotEqualTo(top); // later, higher scores
      assertThatThrownBy(() -> client.get("h1")).isInstanceOf(WrongTypeException.class);
    }
  }

  /** Collects what a watch reports. */
  private static final class Recorder implements WatchListener {
    final List<String> changes = new CopyOnWriteArrayList<>();
    final AtomicInteger resets = new AtomicInteger();

    @Override
    public void onChange(KeyChange change) {
      changes.add(change.type() + " " + change.key());
    }

    @Override
    public void onReset() {
      resets.incrementAndGet();
    }
  }

  @Test
  void watch_reportsSetsDeletesAndExpiriesUnderItsPrefix_andResumesOnAnotherNode() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      cluster.awaitLeader();
      Recorder recorder = new Recorder();
      // The first call of a fresh client goes to the first endpoint: n1.
      try (CacheClient watcher = cluster.client(); Watch watch = watcher.watch("user:", recorder)) {
        await().atMost(Duration.ofSeconds(5)).until(watch::isSubscribed);
        client.set("user:1", "alice");
        client.set("other:1", "not watched");
        client.hashes().hset("user:2", Map.of("name", "bob"));
        client.del("user:1");
        client.set("user:3", "short-lived", io.raftcache.client.SetOptions.ttl(Duration.ofMillis(200)));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.changes.size() >= 5);
        assertThat(recorder.changes).containsExactly(
            "SET user:1", "SET user:2", "DELETED user:1", "SET user:3", "EXPIRED user:3");

        cluster.stop("n1");
        for (int i = 0; i < 20; i++) {
          client.set("user:after-" + i, "v");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> recorder.changes.size() >= 25);
        assertThat(recorder.changes.subList(5, 25)).allMatch(c -> c.startsWith("SET user:after-"));
        assertThat(recorder.changes).doesNotHaveDuplicates();
        assertThat(recorder.resets).as("resumed where it left off, nothing missed").hasValue(0);
      }
    }
  }

  @Test
  void watch_resumingBeforeWhatARestartedNodeHolds_isToldToReset() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      cluster.awaitLeader();
      for (int i = 0; i < 20; i++) {
        client.set("k" + i, "v");
      }
      cluster.awaitConverged();
      cluster.stop("n2");
      cluster.start("n2");

      ManagedChannel channel = ManagedChannelBuilder.forTarget(cluster.node("n2").clientEndpoint()).usePlaintext().build();
      try {
        Iterator<WatchResponse> stream = CacheGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .watch(WatchRequest.newBuilder().setAfterIndex(1).setResume(true).build());
        assertThat(stream.next().getIndex()).isEqualTo(1);
        WatchResponse second = stream.next();
        assertThat(second.getReset()).isTrue();
        assertThat(second.getIndex()).as("the restarted node's applied index: each of the 20 writes is an entry")
            .isGreaterThanOrEqualTo(20);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
