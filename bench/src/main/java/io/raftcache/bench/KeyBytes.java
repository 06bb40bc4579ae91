package io.raftcache.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * What one key of the traces takes in a server's {@code used_memory}: writes keys shaped like the
 * traces' into an empty server with no limit and divides the growth by their number. The hit-ratio
 * run gives each server the same capacity in keys from it.
 */
@Command(name = "bytes-per-key", mixinStandardHelpOptions = true,
    description = "Print each server's used_memory per key of the traces' shape, and its used_memory when empty.")
final class KeyBytes implements Callable<Integer> {
  @Option(names = "--target", required = true, description = "NAME=HOST:PORT")
  List<String> targets;

  @Option(names = "--keys", defaultValue = "20000", description = "keys written (default: ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--value-size", defaultValue = "100", description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize;

  @Override
  public Integer call() {
    String value = "x".repeat(valueSize);
    for (String spec : targets) {
      Target target = Target.parse(spec);
      try (Jedis jedis = target.connect()) {
        jedis.flushAll();
        long empty = Target.info(jedis, "memory", "used_memory");
        Pipeline sets = jedis.pipelined();
        for (int i = 0; i < keys; i++) {
          sets.set("zipf:" + (10_000 + i), value); // 10 bytes, as long as most of the traces' keys
        }
        sets.sync();
        long full = Target.info(jedis, "memory", "used_memory");
        jedis.flushAll();
        System.out.printf("{\"target\":\"%s\",\"empty_used_memory\":%d,\"bytes_per_key\":%d}%n", target.name(), empty,
            (full - empty) / keys);
      }
    }
    return 0;
  }
}
