package io.raftcache.node.store;

import java.io.IOException;

/** RocksDB failed or holds records this version cannot read. */
public final class StoreException extends IOException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
