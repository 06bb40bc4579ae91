package io.raftcache.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Replays cache-aside traces against servers that speak the Redis protocol and prints each one's
 * hit ratio: for every request, GET the key, and on a miss SET it (as an application putting a
 * cache in front of a database does). Requests go in pipelined chunks: the chunk's GETs, then the
 * SETs of its misses, so a key asked for twice in one chunk misses twice on every server alike.
 * Requests of the warm-up are replayed but not counted. Chunks start at a fixed rate, so that every
 * server sees the trace on the same time scale: LRU and LFU go by the clock (Redis's LRU clock
 * ticks once a second), and a server replayed 40 times faster would see every key used "now".
 * bench/hitratio.sh drives it.
 */
@Command(name = "hitratio", mixinStandardHelpOptions = true, subcommands = KeyBytes.class,
    description = "Replay cache-aside traces over RESP and print each server's hit ratio, one JSON line per trace and server.")
public final class HitRatio implements Callable<Integer> {
  @Option(names = "--target", description = "NAME=HOST:PORT of a server, as many as wanted, replayed one after another")
  List<String> targets = List.of();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--trace", defaultValue = "zipf,scan,shift", split = ",", description = "traces: zipf, scan, shift (default: ${DEFAULT-VALUE})")
  List<String> traces;

  @Option(names = "--universe", defaultValue = "100000", description = "distinct keys a trace draws from (default: ${DEFAULT-VALUE})")
  int universe;

  @Option(names = "--requests", defaultValue = "200000", description = "requests per trace (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--warmup", defaultValue = "50000", description = "first requests not counted (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--value-size", defaultValue = "100", description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize;

  @Option(names = "--chunk", defaultValue = "500", description = "requests per pipelined chunk (default: ${DEFAULT-VALUE})")
  int chunk;

  @Option(names = "--rate", defaultValue = "5000", description = "requests per second, at most (default: ${DEFAULT-VALUE})")
  int rate;

  public static void main(String[] args) {
    System.exit(new CommandLine(new HitRatio()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (targets.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "name at least one --target NAME=HOST:PORT");
    }
    String value = "x".repeat(valueSize);
    List<Target> servers = targets.stream().map(Target::parse).toList();
    ExecutorService replayers = Executors.newFixedThreadPool(servers.size());
    try {
      for (String name : traces) {
        Trace trace = traceNamed(name);
        String[] keys = trace.replay(requests, universe);
        // every server at once, each at the same pace: one run, side by side
        List<Future<String>> results = new ArrayList<>();
        for (Target target : servers) {
          results.add(replayers.submit(() -> replay(target, trace, keys, value)));
        }
        for (Future<String> result : results) {
          System.out.println(result.get());
        }
      }
    } finally {
      replayers.shutdownNow();
    }
    return 0;
  }

  /** Replays {@code keys} against {@code target} from an empty cache; its result as a JSON line. */
  private String replay(Target target, Trace trace, String[] keys, String value) {
    try (Jedis jedis = target.connect()) {
      jedis.flushAll();
      long start = System.nanoTime();
      long hits = replay(jedis, keys, value);
      double seconds = (System.nanoTime() - start) / 1e9;
      return String.format(Locale.ROOT,
          "{\"trace\":\"%s\",\"target\":\"%s\",\"policy\":\"%s\",\"maxmemory\":%s,\"rate\":%d,\"lookups\":%d,"
              + "\"hits\":%d,\"hit_ratio\":%.4f,\"keys_at_end\":%d,\"used_memory_at_end\":%d,\"seconds\":%.1f}",
          trace.traceName(), target.name(), Target.config(jedis, "maxmemory-policy"), Target.config(jedis, "maxmemory"), rate,
          keys.length - warmup, hits, hits / (double) (keys.length - warmup), jedis.dbSize(),
          Target.info(jedis, "memory", "used_memory"), seconds);
    }
  }

  /** Replays {@code keys}; returns the hits after the warm-up. */
  private long replay(Jedis jedis, String[] keys, String value) {
    long hits = 0;
    long start = System.nanoTime();
    for (int from = 0; from < keys.length; from += chunk) {
      long due = start + (long) (from * 1e9 / rate);
      java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
      int to = Math.min(keys.length, from + chunk);
      Pipeline gets = jedis.pipelined();
      List<Response<String>> found = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        found.add(gets.get(keys[i]));
      }
      gets.sync();
      Pipeline sets = jedis.pipelined();
      for (int i = from; i < to; i++) {
        if (found.get(i - from).get() != null) {
          hits += i >= warmup ? 1 : 0;
        } else {
          sets.set(keys[i], value);
        }
      }
      sets.sync();
    }
    return hits;
  }

  private static Trace traceNamed(String name) {
    for (Trace trace : Trace.values()) {
      if (trace.traceName().equals(name)) {
        return trace;
      }
    }
    throw new IllegalArgumentException("--trace: no trace named '" + name + "' (zipf, scan, shift)");
  }
}
