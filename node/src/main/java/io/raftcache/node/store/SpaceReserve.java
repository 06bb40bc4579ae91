package io.raftcache.node.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A few megabytes of the data dir's disk, held in a file while the node runs and given back when
 * that disk fills up, so that the node's last words (why it stops) still reach a log kept on the
 * same disk, as {@code bin/raftcache-cluster} keeps it.
 */
public final class SpaceReserve {
  static final long BYTES = 4L << 20;
  private final Path file;

  private SpaceReserve(Path file) {
    this.file = file;
  }

  /** Makes (or keeps) the reserve file in {@code dataDir}; fails if the disk has no room for it. */
  public static SpaceReserve hold(Path dataDir) throws IOException {
    Path file = dataDir.resolve("space-reserve");
    Files.createDirectories(dataDir);
    try (RandomAccessFile reserve = new RandomAccessFile(file.toFile(), "rw")) {
      // Written, not just sized: a sparse file would hold no blocks.
      byte[] block = new byte[64 << 10];
      for (long at = reserve.length(); at < BYTES; at += block.length) {
        reserve.seek(at);
        reserve.write(block);
      }
      reserve.getFD().sync();
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new SpaceReserve(file);
  }

  /** Gives the space back; the next start makes the file again. */
  public void release() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nothing better to do on the way out
    }
  }
}
