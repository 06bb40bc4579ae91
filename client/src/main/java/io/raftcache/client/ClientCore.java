package io.raftcache.client;

import io.raftcache.client.internal.Caller;
import io.raftcache.client.internal.ClusterChannels;
import io.raftcache.client.internal.RequestIds;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What every view of one client shares: channels, retry machinery, and the client's request ids. */
final class ClientCore implements AutoCloseable {
  final ClusterChannels channels;
  final Caller caller;
  final RequestIds ids = new RequestIds();
  final RetryPolicy policy;
  final ScheduledExecutorService scheduler;

  ClientCore(ClusterChannels channels, RetryPolicy policy) {
    this.channels = channels;
    this.policy = policy;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "raftcache-client-retry");
      t.setDaemon(true);
      return t;
    });
    this.caller = new Caller(channels, policy, scheduler);
  }

  @Override
  public void close() {
    caller.close();
    scheduler.shutdownNow();
    try {
      channels.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
