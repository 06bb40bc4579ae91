package io.raftcache.node.store;

import java.nio.file.FileSystemException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Whether a failure is the data dir's disk running out of space, which freeing space cures: not
 * a corrupt database to rebuild, and nothing to retry at once.
 */
public final class DiskFull {
  /** The operating system's words for ENOSPC, in the JDK's file exceptions. */
  private static final String NO_SPACE = "No space left on device";

  private DiskFull() {}

  public static boolean causedBy(Throwable failure) {
    return Causes.anyMatch(failure, DiskFull::isNoSpace);
  }

  private static boolean isNoSpace(Throwable t) {
    if (t instanceof RocksDBException rocks && rocks.getStatus() != null
        && rocks.getStatus().getSubCode() == Status.SubCode.NoSpace) {
      return true;
    }
    String reason = t instanceof FileSystemException fs ? fs.getReason() : t.getMessage();
    return reason != null && reason.contains(NO_SPACE);
  }
}
