package io.raftcache.node.store;

import java.io.IOException;

/** RocksDB failed or holds records this version cannot read. */
public final class StoreException extends IOException {
  private final boolean corrupt;

  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private StoreException(String message, Throwable cause, boolean corrupt) {
    super(message, cause);
    this.corrupt = corrupt;
  }

  /** The database holds damaged data that no retry or rebuild here cures. */
  public static StoreException corrupt(String message) {
    return new StoreException(message, null, true);
  }

  public boolean corrupt() {
    return corrupt;
  }
}
