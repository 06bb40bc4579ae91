package io.raftcache.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.NativeLibraryLoader;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's JNI library (about 17 MB) and leaves no copy of it on disk. RocksDB extracts
 * the library from its jar before loading it; left to itself it writes a new temp file at every
 * start and deletes it only at a clean exit, so a node killed again and again fills the disk, and
 * given a shared directory it deletes and rewrites the file in place, which races when nodes
 * start together. Here it extracts into a directory of this process's own, deleted as soon as the
 * library is loaded (a loaded library stays mapped). The directory is made in the temp dir, or in
 * {@code ROCKSDB_SHAREDLIB_DIR} where that is set (for a temp dir mounted noexec).
 */
final class RocksNativeLibrary {
  private static boolean loaded;

  private RocksNativeLibrary() {}

  static synchronized void load() throws StoreException {
    if (loaded) {
      return;
    }
    String configured = System.getenv("ROCKSDB_SHAREDLIB_DIR");
    Path base = Path.of(configured != null ? configured : System.getProperty("java.io.tmpdir"));
    Path dir = null;
    try {
      dir = Files.createTempDirectory(Files.createDirectories(base), "raftcache-rocksdb-");
      NativeLibraryLoader.getInstance().loadLibrary(dir.toString());
      RocksDB.loadLibrary();
      loaded = true;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new StoreException("cannot load RocksDB's native library (extracted into " + base + "): " + e, e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a leftover in the temp dir is harmless
    }
  }
}
