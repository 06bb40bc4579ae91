package io.raftcache.node.raft;

import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.store.RocksStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.util.FileUtils;

/**
 * Snapshots as RocksDB checkpoints: each is a folder {@code sm/snap.<term>_<index>} of hard-linked
 * table files, made in milliseconds whatever the size of the keyspace. Ratis streams a snapshot's
 * files to a follower that is too far behind, and replaces the whole {@code sm} folder with what it
 * received.
 */
final class CheckpointSnapshotStorage implements StateMachineStorage {
  private static final Pattern SNAPSHOT_NAME = Pattern.compile("snap\\.(\\d+)_(\\d+)");
  /** Beside a snapshot's table files: the state's digest, key count and clock at its index. */
  static final String SUMMARY_FILE = "raftcache-snapshot.properties";
  private static final String DIGEST = "digest";
  private static final String KEY_COUNT = "key_count";
  private static final String CLUSTER_TIME = "cluster_time_ms";

  /** One snapshot on disk. */
  record Snapshot(TermIndex termIndex, Path dir, FileListSnapshotInfo info) {}

  private volatile Path smDir;
  private volatile Snapshot latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(smDir);
    reload();
  }

  /** Rescans the folder, after start or after Ratis installed a snapshot from the leader. */
  void reload() throws IOException {
    latest = list().stream().max(Comparator.comparing(Snapshot::termIndex)).orElse(null);
  }

  Optional<Snapshot> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    Snapshot s = latest;
    return s == null ? null : s.info();
  }

  /**
   * Makes a snapshot at {@code termIndex} by checkpointing {@code store}, with a note of the
   * state's digest and key count there for backups ({@link #summaryOf}).
   */
  void create(TermIndex termIndex, RocksStore store, Progress progress) throws IOException {
    Path dir = smDir.resolve(name(termIndex));
    Path tmp = smDir.resolve(name(termIndex) + ".tmp");
    if (Files.exists(tmp)) {
      FileUtils.deleteFully(tmp);
    }
    store.checkpoint(tmp);
    Properties summary = new Properties();
    summary.setProperty(DIGEST, Long.toHexString(progress.digest()));
    summary.setProperty(KEY_COUNT, Integer.toString(progress.keyCount()));
    summary.setProperty(CLUSTER_TIME, Long.toString(progress.clusterTimeMillis()));
    try (var out = Files.newOutputStream(tmp.resolve(SUMMARY_FILE))) {
      summary.store(out, "raftcache snapshot " + termIndex);
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    latest = describe(termIndex, dir);
  }

  /** What a snapshot holds, as noted when it was made; empty for one made before the note existed. */
  static Optional<Progress> summaryOf(Snapshot snapshot) throws IOException {
    Path file = snapshot.dir().resolve(SUMMARY_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties summary = new Properties();
    try (var in = Files.newInputStream(file)) {
      summary.load(in);
    }
    return Optional.of(new Progress(snapshot.termIndex().getTerm(), snapshot.termIndex().getIndex(),
        Long.parseUnsignedLong(summary.getProperty(DIGEST), 16), Integer.parseInt(summary.getProperty(KEY_COUNT)), 0,
        Long.parseLong(summary.getProperty(CLUSTER_TIME)), 0));
  }

  @Override
  public void format() {
    // Nothing to prepare: the folder is made by init.
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    List<Snapshot> newestFirst = list().stream()
        .sorted(Comparator.comparing(Snapshot::termIndex).reversed())
        .toList();
    for (Snapshot old : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
      FileUtils.deleteFully(old.dir());
    }
  }

  private List<Snapshot> list() throws IOException {
    try (Stream<Path> dirs = Files.list(smDir)) {
      return dirs.filter(Files::isDirectory)
          .map(dir -> {
            Matcher m = SNAPSHOT_NAME.matcher(dir.getFileName().toString());
            if (!m.matches()) {
              return null;
            }
            TermIndex ti = TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            return describe(ti, dir);
          })
          .filter(s -> s != null)
          .toList();
    }
  }

  private static Snapshot describe(TermIndex termIndex, Path dir) {
    try {
      List<FileInfo> files = RocksStore.checkpointFiles(dir).stream()
          .map(p -> new FileInfo(p.toAbsolutePath(), null))
          .toList();
      return new Snapshot(termIndex, dir, new FileListSnapshotInfo(files, termIndex));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(TermIndex termIndex) {
    return "snap." + termIndex.getTerm() + "_" + termIndex.getIndex();
  }
}
