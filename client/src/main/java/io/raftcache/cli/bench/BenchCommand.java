package io.raftcache.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.raftcache.cli.DurationParser;
import io.raftcache.cli.RaftcacheCli;
import io.raftcache.client.AsyncCacheClient;
import io.raftcache.client.CacheClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code raftcache bench}: a load generator over the SDK, printing throughput and latency per operation. */
@Command(name = "bench", description = "Run a load against the cluster; print ops/s and latency percentiles per operation.")
public final class BenchCommand implements Callable<Integer> {
  @ParentCommand
  RaftcacheCli root;

  @Spec
  CommandSpec spec;

  @Option(names = "--clients", defaultValue = "50", description = "clients, each with its own connections (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--pipeline", defaultValue = "1", description = "requests outstanding per client (default: ${DEFAULT-VALUE})")
  int pipeline;

  @Option(names = "--ratio", defaultValue = "set:get=1:9", description = "operation mix (default: ${DEFAULT-VALUE})")
  String ratio;

  @Option(names = "--keyspace", defaultValue = "100000", description = "distinct keys (default: ${DEFAULT-VALUE})")
  int keyspace;

  @Option(names = "--distribution", defaultValue = "uniform", description = "uniform or zipf (default: ${DEFAULT-VALUE})")
  KeyChooser.Distribution distribution;

  @Option(names = "--value-size", defaultValue = "100", description = "bytes per value (default: ${DEFAULT-VALUE})")
  int valueSize;

  @Option(names = "--duration", converter = DurationParser.class, defaultValue = "10s",
      description = "how long to measure (default: ${DEFAULT-VALUE}); ignored with --requests")
  Duration duration;

  @Option(names = "--requests", defaultValue = "0", description = "measure this many requests instead of a duration")
  long requests;

  @Option(names = "--warmup", converter = DurationParser.class, defaultValue = "2s",
      description = "load before measuring (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = "--consistency", defaultValue = "linearizable",
      description = "reads: linearizable or stale (default: ${DEFAULT-VALUE})")
  Consistency consistency;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
  Path json;

  enum Consistency { LINEARIZABLE, STALE }

  @Override
  public Integer call() throws Exception {
    OperationMix mix = checkedOptions();
    List<CacheClient> opened = new ArrayList<>();
    try {
      List<AsyncCacheClient> views = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        CacheClient client = root.newClient();
        opened.add(client);
        views.add((consistency == Consistency.STALE ? client.withStaleReads() : client).async());
      }
      byte[] value = new byte[valueSize];
      Arrays.fill(value, (byte) 'x');
      LoadRunner runner = new LoadRunner(views, pipeline, mix, new KeyChooser(keyspace, distribution), value);
      BenchResult result = runner.run(warmup.toMillis(), requests > 0 ? 0 : duration.toMillis(), requests);
      result.print(root.out());
      if (json != null) {
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
      }
      return result.operations().values().stream().anyMatch(s -> s.errors() > 0) ? RaftcacheCli.MISS : 0;
    } finally {
      opened.forEach(CacheClient::close);
    }
  }

  private OperationMix checkedOptions() {
    positive(clients, "--clients");
    positive(pipeline, "--pipeline");
    positive(keyspace, "--keyspace");
    if (valueSize < 0 || requests < 0) {
      throw new ParameterException(spec.commandLine(), "--value-size and --requests must not be negative");
    }
    try {
      return OperationMix.parse(ratio);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void positive(int value, String option) {
    if (value < 1) {
      throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
    }
  }
}
