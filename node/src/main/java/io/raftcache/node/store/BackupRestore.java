package io.raftcache.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.v1.BackupFile;
import io.raftcache.proto.v1.BackupManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeds every node of a new cluster with a backup's state, before the nodes first start: the
 * backup is checked (every file's size and SHA-256, then the state's digest and key count against
 * the manifest) and each node's state database is made from it, its log position reset, so that
 * the new cluster's log starts from the backup's state. Nothing is written unless every check
 * passes; a node whose data dir is in use is refused.
 */
public final class BackupRestore {
  /** The manifest's format this raftcache writes and reads. */
  public static final int FORMAT = 1;
  private static final String MANIFEST = "manifest.json";

  private BackupRestore() {}

  /** Restores {@code backup} into every node of {@code cluster}; returns one line per node. */
  public static List<String> restore(Path backup, ClusterConfig cluster) throws IOException {
    BackupManifest manifest = manifest(backup);
    checkFiles(backup, manifest);
    for (NodeConfig node : cluster.nodes()) {
      if (Files.exists(node.dataDir()) && !isEmpty(node.dataDir())) {
        throw new StoreException(node.dataDir() + " (" + node.field("data_dir") + ") is not empty: a restore builds a"
            + " new cluster on empty data dirs; stop that node and move its data dir away first", null);
      }
    }
    List<String> done = new ArrayList<>();
    Path first = null;
    try {
      for (NodeConfig node : cluster.nodes()) {
        Path state = node.dataDir().resolve("state");
        Files.createDirectories(state);
        if (first == null) {
          seed(backup, manifest, state);
          first = state;
        } else {
          copyFiles(first, state);
        }
        done.add(node.id() + "\t" + state);
      }
    } catch (IOException | RuntimeException e) {
      // All or nothing: a rerun after fixing the cause must not find half the nodes seeded.
      for (NodeConfig node : cluster.nodes()) {
        RocksStore.deleteRecursively(node.dataDir().resolve("state"));
      }
      throw e;
    }
    return done;
  }

  private static BackupManifest manifest(Path backup) throws IOException {
    Path file = backup.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new StoreException(backup + " is not a complete backup: it has no " + MANIFEST
          + " (written last, so an interrupted backup lacks it)", null);
    }
    BackupManifest.Builder manifest = BackupManifest.newBuilder();
    try {
      JsonFormat.parser().merge(Files.readString(file), manifest);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(file + " cannot be read: " + e.getMessage(), e);
    }
    if (manifest.getFormat() != FORMAT) {
      throw new StoreException(file + ": format " + manifest.getFormat() + " is not one this raftcache reads ("
          + FORMAT + ")", null);
    }
    return manifest.build();
  }

  private static void checkFiles(Path backup, BackupManifest manifest) throws IOException {
    for (BackupFile f : manifest.getFilesList()) {
      String name = f.getName();
      if (name.isEmpty() || name.equals(".") || name.equals("..") || name.equals(MANIFEST)
          || !Path.of(name).getFileName().toString().equals(name)) {
        throw new StoreException("the backup's manifest names a file outside the backup: '" + name + "'", null);
      }
      Path file = backup.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new StoreException("the backup is incomplete: " + file + " is missing", null);
      }
      if (Files.size(file) != f.getBytes() || !sha256(file).equals(f.getSha256())) {
        throw new StoreException("the backup is corrupt: " + file + " does not match its manifest (" + f.getBytes()
            + " bytes, sha256 " + f.getSha256() + ")", null);
      }
    }
  }

  /**
   * Makes the state database in {@code state} from the backup's files and checks what it holds;
   * then resets its log position to a fresh database's, keeping the revision (part of the digest)
   * and the cluster's clock.
   */
  private static void seed(Path backup, BackupManifest manifest, Path state) throws IOException {
    for (BackupFile f : manifest.getFilesList()) {
      if (!f.getName().endsWith(".properties")) {
        Files.copy(backup.resolve(f.getName()), state.resolve(f.getName()));
      }
    }
    try (RocksStore store = RocksStore.open(state)) {
      ReplicatedState loaded = store.load();
      Progress p = loaded.progress();
      if (p.digest() != manifest.getDigest() || p.keyCount() != manifest.getKeyCount()) {
        throw new StoreException(String.format("the backup does not hold the state its manifest describes: %d keys,"
            + " digest %016x, where it says %d keys, digest %016x", p.keyCount(), p.digest(), manifest.getKeyCount(),
            manifest.getDigest()), null);
      }
      StoredProgress stored = loaded.storedProgress();
      try (RocksStore.Batch batch = store.newBatch()) {
        batch.progress(StoredProgress.newBuilder().setRevision(stored.getRevision()).setClockMs(stored.getClockMs()).build());
        batch.commit();
      }
    } catch (IOException | RuntimeException e) {
      RocksStore.deleteRecursively(state);
      throw e;
    }
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Hex SHA-256 of a file's content, as a backup's manifest lists it. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
