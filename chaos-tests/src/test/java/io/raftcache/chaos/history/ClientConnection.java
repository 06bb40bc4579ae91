package io.raftcache.chaos.history;

import java.time.Duration;
import java.util.Optional;

/**
 * What one client process can ask of the cluster, over the SDK ({@link SdkConnection}) or over
 * the Redis protocol ({@link RespConnection}); {@link RecordingClient} records each call.
 */
public interface ClientConnection extends AutoCloseable {
  /** A register's value as a read saw it, with its version where the protocol has one (else -1). */
  record Seen(String value, long version) {}

  /** A linearizable read; empty when the key is missing. */
  Optional<Seen> read(String key);

  /** Sets {@code key}; with a TTL unless {@code ttl} is zero. */
  void write(String key, String value, Duration ttl);

  /** Sets {@code key} to {@code value} only if it still holds what {@code seen} read; whether it did. */
  boolean cas(String key, Optional<Seen> seen, String value);

  /** The new value. */
  long incr(String key);

  /** Whether the failed call certainly did not take effect (a refusal), rather than maybe. */
  boolean certainlyNotApplied(RuntimeException failure);

  @Override
  void close();
}
