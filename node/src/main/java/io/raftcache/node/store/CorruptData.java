package io.raftcache.node.store;

import org.apache.ratis.io.CorruptedFileException;
import org.apache.ratis.protocol.exceptions.ChecksumException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Whether a node failed to start because what it holds on disk is damaged: a Raft log entry whose
 * checksum does not match, a segment whose header is wrong or that lost entries, or a state
 * database RocksDB finds corrupt even after a rebuild from the snapshot. No restart cures that;
 * discarding the node's state (it is then caught up by the leader) does.
 */
public final class CorruptData {
  private CorruptData() {}

  public static boolean causedBy(Throwable failure) {
    return Causes.anyMatch(failure, CorruptData::isCorruption);
  }

  private static boolean isCorruption(Throwable t) {
    return t instanceof ChecksumException || t instanceof CorruptedFileException
        || (t instanceof StoreException store && store.corrupt())
        || (t instanceof RocksDBException rocks && rocks.getStatus() != null
            && rocks.getStatus().getCode() == Status.Code.Corruption);
  }
}
