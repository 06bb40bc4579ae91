package io.raftcache.cli.bench;

import io.raftcache.cli.bench.OperationMix.Operation;
import io.raftcache.client.AsyncCacheClient;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Keeps {@code pipeline} requests outstanding on each client until the run ends: each completion
 * records its latency and sends the next request (a closed loop, as redis-benchmark and h2load
 * run). Requests completing during the warm-up are not recorded.
 */
final class LoadRunner {
  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final List<AsyncCacheClient> clients;
  private final int pipeline;
  private final OperationMix mix;
  private final KeyChooser keys;
  private final byte[] value;
  private final Map<Operation, Recorder> latencies = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> errors = new EnumMap<>(Operation.class);
  private final SplittableRandom seeds = new SplittableRandom(1);
  private volatile boolean measuring;
  private volatile boolean stopping;
  private AtomicLong measuredLeft;
  private CountDownLatch loopsDone;

  LoadRunner(List<AsyncCacheClient> clients, int pipeline, OperationMix mix, KeyChooser keys, byte[] value) {
    this.clients = clients;
    this.pipeline = pipeline;
    this.mix = mix;
    this.keys = keys;
    this.value = value;
    for (Operation op : Operation.values()) {
      latencies.put(op, new Recorder(MAX_LATENCY_MICROS, 3));
      errors.put(op, new LongAdder());
    }
  }

  /**
   * Runs a warm-up, then measures for {@code duration} or until {@code requests} have completed
   * (whichever is set; 0 means unset), and waits for the requests still in flight.
   */
  BenchResult run(long warmupMillis, long durationMillis, long requests) throws InterruptedException {
    measuredLeft = new AtomicLong(requests > 0 ? requests : Long.MAX_VALUE);
    loopsDone = new CountDownLatch(clients.size() * pipeline);
    for (AsyncCacheClient client : clients) {
      for (int i = 0; i < pipeline; i++) {
        issue(client, seeds.split());
      }
    }
    Thread.sleep(warmupMillis);
    latencies.values().forEach(Recorder::reset);
    errors.values().forEach(LongAdder::reset);
    long start = System.nanoTime();
    measuring = true;
    if (durationMillis > 0) {
      loopsDone.await(durationMillis, TimeUnit.MILLISECONDS);
      measuring = false;
      stopping = true;
    } else {
      loopsDone.await(); // each loop ends once the requests are used up
    }
    long elapsedNanos = System.nanoTime() - start;
    stopping = true;
    loopsDone.await(1, TimeUnit.MINUTES); // let the requests in flight finish before the clients close
    BenchResult.Builder result = new BenchResult.Builder(elapsedNanos);
    for (Operation op : mix.operations()) {
      result.add(op, latencies.get(op).getIntervalHistogram(), errors.get(op).sum());
    }
    return result.build();
  }

  private void issue(AsyncCacheClient client, SplittableRandom random) {
    if (stopping || (measuring && measuredLeft.get() <= 0)) {
      loopsDone.countDown();
      return;
    }
    Operation op = mix.next(random);
    byte[] key = keys.next(random);
    long start = System.nanoTime();
    CompletableFuture<?> call = op == Operation.SET ? client.set(key, value) : client.get(key);
    call.whenComplete((ok, failure) -> {
      if (measuring && measuredLeft.getAndDecrement() > 0) {
        if (failure == null) {
          latencies.get(op).recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - start) / 1000));
        } else {
          errors.get(op).increment();
        }
      }
      issue(client, random);
    });
  }
}
