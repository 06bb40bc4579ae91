package io.raftcache.chaos.faults;

import io.raftcache.chaos.history.History;
import io.raftcache.chaos.history.RecordingClient;
import io.raftcache.chaos.history.SdkConnection;
import io.raftcache.client.CacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Linearizable reads sent first to one node, whatever has happened to it, recorded in the history:
 * the adversary for a deposed leader that still believes it leads. Its connection is opened before
 * the fault, so reads can be in the node's socket the moment it wakes up or is cut off.
 */
public final class StaleReadProbe implements AutoCloseable {
  private static final int PARALLEL = 4;

  private final SdkConnection client;
  private final History history;
  private final AtomicInteger processIds;
  private final IntFunction<String> keys;
  private final ExecutorService readers = Executors.newFixedThreadPool(PARALLEL);
  private final List<Future<?>> pending = new ArrayList<>();

  public StaleReadProbe(CacheClient client, History history, AtomicInteger processIds, IntFunction<String> keys) {
    this.client = new SdkConnection(client);
    this.history = history;
    this.processIds = processIds;
    this.keys = keys;
    new RecordingClient(processIds.getAndIncrement(), this.client, history).read(keys.apply(0));
  }

  /** Starts {@link #PARALLEL} concurrent readers of {@code reads} reads each; returns at once. */
  public void fire(int reads) {
    for (int r = 0; r < PARALLEL; r++) {
      RecordingClient reader = new RecordingClient(processIds.getAndIncrement(), client, history);
      int offset = r;
      pending.add(readers.submit(() -> {
        for (int i = 0; i < reads; i++) {
          reader.read(keys.apply(offset + i));
        }
      }));
    }
  }

  /** Reads one after another, one every {@code interval}, for {@code duration}. */
  public void readFor(Duration duration, Duration interval) {
    RecordingClient reader = new RecordingClient(processIds.getAndIncrement(), client, history);
    long end = System.nanoTime() + duration.toNanos();
    for (int i = 0; System.nanoTime() < end; i++) {
      reader.read(keys.apply(i));
      LockSupport.parkNanos(interval.toNanos());
    }
  }

  @Override
  public void close() throws Exception {
    try {
      for (Future<?> f : pending) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      readers.shutdownNow();
      client.close();
    }
  }
}
