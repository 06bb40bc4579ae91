package io.raftcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class DiskFullTest {
  @Test
  void rocksDbOutOfSpace_wrappedAsRatisWrapsIt_isDiskFull() {
    RocksDBException rocks = new RocksDBException("While appending to file: MANIFEST-000019",
        new Status(Status.Code.IOError, Status.SubCode.NoSpace, "no space"));
    StoreException store = new StoreException("cannot open the state database", rocks);

    assertThat(DiskFull.causedBy(new CompletionException(store))).isTrue();
  }

  @Test
  void fileSystemExceptionForEnospc_isDiskFull() {
    assertThat(DiskFull.causedBy(new FileSystemException("a", "b", "No space left on device"))).isTrue();
    assertThat(DiskFull.causedBy(new IOException("No space left on device"))).isTrue();
  }

  @Test
  void otherFailures_areNot() {
    assertThat(DiskFull.causedBy(null)).isFalse();
    assertThat(DiskFull.causedBy(new FileSystemException("a", null, "Permission denied"))).isFalse();
    assertThat(DiskFull.causedBy(new StoreException("corrupt record", new RocksDBException("Corruption: bad block",
        new Status(Status.Code.Corruption, Status.SubCode.None, "bad block"))))).isFalse();
  }
}
