package io.raftcache.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for the async calls behind the blocking views, rethrowing the SDK's own exceptions. */
final class Futures {
  private Futures() {}

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof CacheException cause) {
        throw cause;
      }
      throw new CacheException("call failed: " + e.getCause(), e.getCause());
    }
  }
}
