package io.raftcache.chaos.history;

import io.raftcache.client.CacheClient;
import io.raftcache.client.CacheEntry;
import io.raftcache.client.CacheException;
import io.raftcache.client.IntegerOverflowException;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.client.NotAnIntegerException;
import io.raftcache.client.SetOptions;
import io.raftcache.client.WrongTypeException;
import io.raftcache.chaos.history.Op.Kind;
import io.raftcache.chaos.history.Op.Outcome;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One client process: runs one operation at a time through the SDK and records each in the
 * history with its times and outcome (etcd's RecordingClient).
 */
public final class RecordingClient {
  private final int process;
  private final CacheClient client;
  private final History history;

  public RecordingClient(int process, CacheClient client, History history) {
    this.process = process;
    this.client = client;
    this.history = history;
  }

  /** A linearizable read; returns the value and version, or empty if missing or failed. */
  public Optional<CacheEntry> read(String key) {
    long start = System.nanoTime();
    try {
      Optional<CacheEntry> entry = client.getEntry(key);
      record(Kind.READ, key, null, null, entry.map(CacheEntry::valueAsString).orElse(null), Outcome.OK, start, null);
      return entry;
    } catch (CacheException e) {
      record(Kind.READ, key, null, null, null, Outcome.FAILED, start, e);
      return Optional.empty();
    }
  }

  public boolean write(String key, String value) {
    long start = System.nanoTime();
    return attempt(Kind.WRITE, key, value, null, start, () -> {
      client.set(key, value);
      return null;
    });
  }

  /** Sets {@code key} to {@code value} only if it still holds what {@code seen} read. */
  public boolean cas(String key, Optional<CacheEntry> seen, String value) {
    long start = System.nanoTime();
    SetOptions condition = seen.map(e -> SetOptions.none().onlyIfVersion(e.version()))
        .orElse(SetOptions.none().onlyIfAbsent());
    String expected = seen.map(CacheEntry::valueAsString).orElse(null);
    return attempt(Kind.CAS, key, value, expected, start,
        () -> Boolean.toString(client.set(key, value, condition).applied()));
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
    } catch (InvalidArgumentException | NotAnIntegerException | IntegerOverflowException | WrongTypeException refused) {
      record(kind, key, input, expected, null, Outcome.FAILED, start, refused);
      return false;
    } catch (CacheException maybe) {
      // Timeouts, and "unavailable" after an attempt may have reached a leader: may have applied.
      record(kind, key, input, expected, null, Outcome.UNKNOWN, start, maybe);
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
