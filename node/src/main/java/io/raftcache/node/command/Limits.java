package io.raftcache.node.command;

import io.raftcache.node.config.Tunables;

/**
 * The sizes a request may have.
 *
 * @param maxKeyBytes the largest key, field or member name
 * @param maxValueBytes the largest value
 * @param maxBatchKeys the most keys, fields or members one request may name
 * @param maxEntryBytes the largest log entry one command may make (a MULTI of many large SETs)
 */
public record Limits(int maxKeyBytes, int maxValueBytes, int maxBatchKeys, int maxEntryBytes) {
  /**
   * The largest limits any cluster file may set. Entries are checked against these when applied,
   * not against the file's: an entry accepted under a larger limit may be replayed after an
   * operator lowered it, and every replica must still apply it alike. Never lower them.
   */
  public static final Limits CEILINGS =
      new Limits(Tunables.MAX_KEY_BYTES_CEILING, Tunables.MAX_VALUE_BYTES_CEILING, Tunables.MAX_BATCH_KEYS_CEILING,
          Tunables.MAX_REQUEST_BYTES_CEILING);

  public static Limits of(Tunables tunables) {
    return new Limits(tunables.maxKeyBytes(), tunables.maxValueBytes(), tunables.maxBatchKeys(),
        tunables.maxRequestBytes());
  }
}
