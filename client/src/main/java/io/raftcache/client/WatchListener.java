package io.raftcache.client;

/**
 * Receives the invalidation feed of a {@link CacheClient#watch}. Calls come one at a time, in log
 * order, on a gRPC thread: keep them short.
 */
public interface WatchListener {
  /** {@code change.key()} changed: drop or refresh a local copy of it. */
  void onChange(KeyChange change);

  /**
   * Changes may have been missed (the feed could not resume where this watch left off): drop every
   * local copy under the prefix. Changes after this call are reported again as usual.
   */
  void onReset();

  /**
   * The cluster refused the watch (no or wrong credentials, or a user that may not read): it has
   * stopped and will not resubscribe. By default nothing else happens (the SDK logs it).
   */
  default void onRefused(AccessDeniedException why) {}
}
