package io.raftcache.chaos.workload;

import io.raftcache.chaos.history.ClientConnection;
import io.raftcache.chaos.history.ClientConnection.Seen;
import io.raftcache.chaos.history.History;
import io.raftcache.chaos.history.RecordingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Client processes, each on the connection it is given (the SDK or the Redis protocol), running a
 * mix against the cluster until stopped: reads, writes and CAS on a few register keys (checked for
 * linearizability), increments of one counter (checked for an exact count), and writes of fresh keys
 * (checked for loss). Every value written is unique.
 */
public final class Workload implements AutoCloseable {
  public static final int REGISTERS = 8;
  /** After the scenario's prefix, what the keys written once each start with. */
  public static final String FRESH = "fresh-";

  /**
   * How the fresh keys are written: with a TTL (none if zero) and their values padded to at least
   * {@code valueBytes}, so that a scenario with a memory limit fills it with keys eviction may take.
   */
  public record FreshKeys(Duration ttl, int valueBytes) {
    public static final FreshKeys PLAIN = new FreshKeys(Duration.ZERO, 0);

    String value(String unique) {
      return unique.length() >= valueBytes ? unique : unique + "-" + "x".repeat(valueBytes - unique.length() - 1);
    }
  }

  private static final long THINK_TIME_NANOS = 1_000_000;

  private final String prefix;
  private final ExecutorService workers;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<ClientConnection> clients = new ArrayList<>();
  private final FreshKeys fresh;

  /**
   * @param prefix key prefix of this scenario, so that its checks see only its own keys
   * @param firstProcess process number of the first worker (process numbers are unique in a run)
   * @param connect the connection of the {@code p}th worker (0-based)
   */
  public Workload(String prefix, int processes, int firstProcess, IntFunction<ClientConnection> connect,
      History history, FreshKeys fresh) {
    this.prefix = prefix;
    this.fresh = fresh;
    this.workers = Executors.newFixedThreadPool(processes);
    for (int p = 0; p < processes; p++) {
      ClientConnection client = connect.apply(p);
      clients.add(client);
      int process = firstProcess + p;
      RecordingClient recording = new RecordingClient(process, client, history);
      workers.submit(() -> run(recording, new Random(process), process));
    }
  }

  public String registerKey(int i) {
    return prefix + "reg-" + i;
  }

  public String counterKey() {
    return prefix + "counter";
  }

  /** Fresh keys written once each start with this. */
  public String freshPrefix() {
    return prefix + FRESH;
  }

  private void run(RecordingClient client, Random random, int process) {
    int n = 0;
    while (!stop.get()) {
      n++;
      String register = registerKey(random.nextInt(REGISTERS));
      String unique = "p" + process + "-" + n;
      int dice = random.nextInt(100);
      if (dice < 40) {
        client.read(register);
      } else if (dice < 60) {
        client.write(register, unique);
      } else if (dice < 70) {
        Optional<Seen> seen = client.read(register);
        client.cas(register, seen, unique);
      } else if (dice < 85) {
        client.incr(counterKey());
      } else {
        client.write(freshPrefix() + unique, fresh.value(unique), fresh.ttl());
      }
      // Pacing, not waiting: keeps each key's history small enough to check exhaustively.
      LockSupport.parkNanos(THINK_TIME_NANOS);
    }
  }

  /** Stops the processes after their current operation, and waits for them. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    workers.shutdown();
    if (!workers.awaitTermination(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
      workers.shutdownNow();
    }
    clients.forEach(ClientConnection::close);
  }
}
