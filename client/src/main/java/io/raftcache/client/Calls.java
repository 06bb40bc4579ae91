package io.raftcache.client;

import io.raftcache.client.internal.Caller;
import io.raftcache.client.internal.Caller.Route;
import io.raftcache.proto.v1.ReadConsistency;
import io.raftcache.proto.v1.ReadOptions;
import io.raftcache.proto.v1.WriteHeader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** How one view of a client makes calls: its timeout, its read consistency, and the write headers. */
final class Calls {
  private final ClientCore core;
  private final Duration timeout;
  private final ReadOptions readOptions;

  Calls(ClientCore core, Duration timeout, ReadOptions readOptions) {
    this.core = core;
    this.timeout = timeout;
    this.readOptions = readOptions;
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  <T> CompletableFuture<T> read(Caller.Rpc<T> rpc) {
    Route route = readOptions.getConsistency() == ReadConsistency.READ_CONSISTENCY_STALE
        ? Route.STALE_READ : Route.LINEARIZABLE_READ;
    return core.caller.call(route, timeout, rpc);
  }

  /** Numbers the write once; every retry resends the same header. */
  <T> CompletableFuture<T> write(Function<WriteHeader, Caller.Rpc<T>> withHeader) {
    WriteHeader header;
    try {
      header = core.ids.begin();
    } catch (CacheException tooMany) {
      return CompletableFuture.failedFuture(tooMany);
    }
    try {
      return core.caller.call(Route.WRITE, timeout, withHeader.apply(header))
          .whenComplete((result, failure) -> core.ids.end(header));
    } catch (RuntimeException e) {
      core.ids.end(header);
      throw e;
    }
  }
}
