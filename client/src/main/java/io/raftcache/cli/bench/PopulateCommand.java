package io.raftcache.cli.bench;

import io.raftcache.cli.RaftcacheCli;
import io.raftcache.client.CacheClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code raftcache populate N}: writes keys {@code key:000000000000} to {@code key:N-1} with values
 * of a given size, in atomic batches (MSET), several batches in flight, as Redis's DEBUG POPULATE
 * does for measuring memory per key.
 */
@Command(name = "populate", description = "Write N keys (key:000000000000 ...) with values of a given size, in batches.")
public final class PopulateCommand implements Callable<Integer> {
  private static final int BATCHES_IN_FLIGHT = 8;

  @ParentCommand
  RaftcacheCli root;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "N", description = "how many keys")
  long count;

  @Option(names = "--value-size", defaultValue = "100", description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize;

  @Option(names = "--batch", defaultValue = "1000", description = "keys per MSET, at most the cluster's max_batch_keys (default: ${DEFAULT-VALUE})")
  int batch;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || batch < 1 || valueSize < 0) {
      throw new ParameterException(spec.commandLine(), "N and --batch must be at least 1, --value-size at least 0");
    }
    char[] filler = new char[valueSize];
    Arrays.fill(filler, 'x');
    String value = new String(filler);
    Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    long start = System.nanoTime();
    try (CacheClient client = root.newClient()) {
      for (long first = 0; first < count; first += batch) {
        Map<String, String> values = new LinkedHashMap<>();
        for (long n = first; n < Math.min(count, first + batch); n++) {
          values.put(new String(KeyChooser.key(n), java.nio.charset.StandardCharsets.US_ASCII), value);
        }
        inFlight.acquire();
        CompletableFuture<Long> done = client.async().mset(values);
        done.whenComplete((version, failure) -> inFlight.release());
        pending.add(done);
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    root.out().printf("populated %d keys of %d bytes in %.1f s%n", count, valueSize, seconds);
    return 0;
  }
}
