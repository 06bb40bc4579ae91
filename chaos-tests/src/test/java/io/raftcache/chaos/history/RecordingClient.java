package io.raftcache.chaos.history;

import io.raftcache.chaos.history.ClientConnection.Seen;
import io.raftcache.chaos.history.Op.Kind;
import io.raftcache.chaos.history.Op.Outcome;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One client process: runs one operation at a time over its connection (the SDK or the Redis
 * protocol) and records each in the history with its times and outcome (etcd's RecordingClient).
 */
public final class RecordingClient {
  private final int process;
  private final ClientConnection client;
  private final History history;

  public RecordingClient(int process, ClientConnection client, History history) {
    this.process = process;
    this.client = client;
    this.history = history;
  }

  /** A linearizable read; returns the value (and version), or empty if missing or failed. */
  public Optional<Seen> read(String key) {
    long start = System.nanoTime();
    try {
      Optional<Seen> seen = client.read(key);
      record(Kind.READ, key, null, null, seen.map(Seen::value).orElse(null), Outcome.OK, start, null);
      return seen;
    } catch (RuntimeException e) {
      record(Kind.READ, key, null, null, null, Outcome.FAILED, start, e);
      return Optional.empty();
    }
  }

  public boolean write(String key, String value) {
    return write(key, value, Duration.ZERO);
  }

  /** A write with a TTL (none if zero), recorded as a write. */
  public boolean write(String key, String value, Duration ttl) {
    long start = System.nanoTime();
    return attempt(Kind.WRITE, key, value, null, start, () -> {
      client.write(key, value, ttl);
      return null;
    });
  }

  /** Sets {@code key} to {@code value} only if it still holds what {@code seen} read. */
  public boolean cas(String key, Optional<Seen> seen, String value) {
    long start = System.nanoTime();
    return attempt(Kind.CAS, key, value, seen.map(Seen::value).orElse(null), start,
        () -> Boolean.toString(client.cas(key, seen, value)));
  }

  public boolean incr(String key) {
    long start = System.nanoTime();
    return attempt(Kind.INCR, key, null, null, start, () -> Long.toString(client.incr(key)));
  }

  private boolean attempt(Kind kind, String key, String input, String expected, long start, Supplier<String> call) {
    try {
      String output = call.get();
      record(kind, key, input, expected, output, Outcome.OK, start, null);
      return true;
    } catch (RuntimeException e) {
      record(kind, key, input, expected, null, client.certainlyNotApplied(e) ? Outcome.FAILED : Outcome.UNKNOWN,
          start, e);
      return false;
    }
  }

  private void record(Kind kind, String key, String input, String expected, String output, Outcome outcome,
      long start, Exception error) {
    long end = System.nanoTime();
    history.add(new Op(process, kind, key, input, expected, output, outcome, start, end,
        error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage()));
  }
}
