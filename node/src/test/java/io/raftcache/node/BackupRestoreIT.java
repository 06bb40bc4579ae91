package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.BackupResult;
import io.raftcache.client.CacheClient;
import io.raftcache.client.SetOptions;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.node.store.BackupRestore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, backup and restore: a backup taken by a follower while writes go on, restored into a
 * new cluster whose state has the backup's digest, which a member wiped afterwards gets back too;
 * a corrupt, incomplete or misdirected restore is refused and writes nothing.
 */
class BackupRestoreIT {
  @TempDir
  Path dir;

  @Test
  void backupUnderLoad_restoredIntoANewCluster_hasTheManifestsDigest() throws Exception {
    Path backupDir = dir.resolve("backups/b1");
    BackupResult backup;
    int writtenBefore;
    try (MiniCluster cluster = MiniCluster.start(dir.resolve("old"), 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      client.set("session:1", "alice", SetOptions.ttl(Duration.ofHours(1)));
      client.hashes().hset("user:1", Map.of("name", "alice", "plan", "pro"));
      client.sets().sadd("tags", "a", "b", "c");
      client.sortedSets().zadd("board", 42.5, "alice");
      AtomicInteger written = new AtomicInteger();
      AtomicBoolean writing = new AtomicBoolean(true);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        while (writing.get()) {
          client.set("k" + written.incrementAndGet(), "v");
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= 200);
      writtenBefore = written.get();
      backup = client.backup(backupDir);
      writing.set(false);
      writer.get();
      System.out.printf("[backup] index %d, %d keys, %d files, %d bytes, from %s (leader %s)%n", backup.index(),
          backup.keyCount(), backup.files(), backup.bytes(), backup.fromNode(), leader);
      assertThat(backup.fromNode()).isNotEqualTo(leader);
      assertThat(backup.keyCount()).isGreaterThanOrEqualTo(4 + writtenBefore - 1);
      assertThat(backupDir.resolve("manifest.json")).exists();
    }

    ClusterConfig fresh = MiniCluster.build(dir.resolve("new"), 3, MiniCluster.fastTunables(), false);
    refusals(backupDir, fresh);
    assertThat(BackupRestore.restore(backupDir, fresh)).hasSize(3);
    try (MiniCluster restored = MiniCluster.start(fresh); CacheClient client = restored.client()) {
      restored.awaitLeader();
      restored.awaitConverged();
      RaftStatus status = restored.status("n1");
      assertThat(status.progress().digest()).isEqualTo(backup.digest());
      assertThat((long) status.progress().keyCount()).isEqualTo(backup.keyCount());
      assertThat(client.get("session:1")).contains("alice");
      assertThat(client.ttl("session:1").state()).isEqualTo(io.raftcache.client.KeyTtl.State.EXPIRES);
      assertThat(client.hashes().hgetall("user:1")).containsEntry("plan", "pro");
      assertThat(client.sortedSets().zscore("board", "alice")).hasValue(42.5);
      assertThat(client.get("k" + (writtenBefore - 1))).contains("v");
      client.set("after", "restore");
      assertThat(client.get("after")).contains("restore");

      // A member wiped after the restore is sent the restored state, not only the writes since.
      String wiped = restored.awaitLeader().equals("n3") ? "n2" : "n3";
      restored.stop(wiped);
      restored.wipe(wiped);
      restored.start(wiped);
      restored.awaitConverged();
      assertThat((long) restored.status(wiped).progress().keyCount()).isEqualTo(backup.keyCount() + 1);
    }
  }

  /** Corrupt, incomplete and misdirected restores are refused before anything is written. */
  private void refusals(Path backupDir, ClusterConfig fresh) throws IOException {
    Path corrupt = copy(backupDir, dir.resolve("backups/corrupt"));
    Path table;
    try (Stream<Path> files = Files.list(corrupt)) {
      table = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(table.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xff);
    }
    assertThatThrownBy(() -> BackupRestore.restore(corrupt, fresh)).hasMessageContaining("the backup is corrupt")
        .hasMessageContaining(table.getFileName().toString());

    Path incomplete = copy(backupDir, dir.resolve("backups/incomplete"));
    Files.delete(incomplete.resolve("manifest.json"));
    assertThatThrownBy(() -> BackupRestore.restore(incomplete, fresh)).hasMessageContaining("not a complete backup");

    Path inUse = fresh.nodes().get(1).dataDir();
    Files.createDirectories(inUse);
    Files.writeString(inUse.resolve("something"), "x");
    assertThatThrownBy(() -> BackupRestore.restore(backupDir, fresh)).hasMessageContaining("is not empty");
    Files.delete(inUse.resolve("something"));
    for (var node : fresh.nodes()) {
      assertThat(node.dataDir().resolve("state")).doesNotExist();
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
