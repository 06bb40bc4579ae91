package io.raftcache.chaos.history;

import io.raftcache.client.CacheClient;
import io.raftcache.client.IntegerOverflowException;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.client.NotAnIntegerException;
import io.raftcache.client.SetOptions;
import io.raftcache.client.WrongTypeException;
import java.time.Duration;
import java.util.Optional;

/** A client process on the SDK (gRPC): CAS by version. */
public final class SdkConnection implements ClientConnection {
  private final CacheClient client;

  public SdkConnection(CacheClient client) {
    this.client = client;
  }

  @Override
  public Optional<Seen> read(String key) {
    return client.getEntry(key).map(e -> new Seen(e.valueAsString(), e.version()));
  }

  @Override
  public void write(String key, String value, Duration ttl) {
    client.set(key, value, ttl.isZero() ? SetOptions.none() : SetOptions.ttl(ttl));
  }

  @Override
  public boolean cas(String key, Optional<Seen> seen, String value) {
    SetOptions condition = seen.map(s -> SetOptions.none().onlyIfVersion(s.version()))
        .orElse(SetOptions.none().onlyIfAbsent());
    return client.set(key, value, condition).applied();
  }

  @Override
  public long incr(String key) {
    return client.incr(key);
  }

  @Override
  public boolean certainlyNotApplied(RuntimeException failure) {
    // Timeouts, and "unavailable" after an attempt may have reached a leader, may have applied.
    return failure instanceof InvalidArgumentException || failure instanceof NotAnIntegerException
        || failure instanceof IntegerOverflowException || failure instanceof WrongTypeException;
  }

  @Override
  public void close() {
    client.close();
  }
}
