package io.raftcache.node.raft;

import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.store.RocksStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot's files hard-linked into a folder of their own, so that they outlive the snapshot
 * (a newer one deletes it) while a backup streams them; {@link #close()} removes the folder.
 *
 * @param summary the state at the snapshot's index: its term, index, digest, key count and clock
 */
public record PinnedSnapshot(Path dir, List<Path> files, Progress summary) implements AutoCloseable {
  /** A new folder for one backup's pinned files, under the node's data dir. */
  public static Path stagingFor(Path dataDir) {
    return dataDir.resolve(STAGING).resolve(java.util.UUID.randomUUID().toString());
  }

  /** Removes what backups left behind (a node that stopped mid-backup); as a node starts. */
  public static void clearStaging(Path dataDir) throws IOException {
    RocksStore.deleteRecursively(dataDir.resolve(STAGING));
  }

  private static final String STAGING = "backup-staging";

  static PinnedSnapshot of(CheckpointSnapshotStorage.Snapshot snapshot, Progress summary, Path into) throws IOException {
    RocksStore.deleteRecursively(into);
    Files.createDirectories(into);
    try {
      for (Path file : RocksStore.checkpointFiles(snapshot.dir())) {
        Files.createLink(into.resolve(file.getFileName()), file);
      }
      return new PinnedSnapshot(into, RocksStore.checkpointFiles(into), summary);
    } catch (IOException | RuntimeException e) {
      RocksStore.deleteRecursively(into);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    RocksStore.deleteRecursively(dir);
  }
}
