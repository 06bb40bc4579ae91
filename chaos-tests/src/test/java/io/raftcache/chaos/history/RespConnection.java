package io.raftcache.chaos.history;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * A client process speaking the Redis protocol with Jedis, as an application would: one
 * connection to one node (any node serves every command), moving to the next node when a call
 * fails for any reason but a refusal. CAS is Redis's WATCH / GET / MULTI / SET / EXEC.
 */
public final class RespConnection implements ClientConnection {
  private static final Duration RECONNECT_BACKOFF = Duration.ofMillis(100);
  private static final List<String> REFUSALS = List.of("WRONGTYPE", "ERR value is not", "ERR syntax error",
      "ERR wrong number of arguments", "EXECABORT");

  private final List<String> endpoints;
  private final JedisClientConfig config;
  private int next;
  private Jedis jedis;

  /**
   * @param endpoints host:port of each node's RESP listener, tried in turn starting at {@code first}
   * @param config how to connect (TLS, a user), the timeouts set here
   */
  public RespConnection(List<String> endpoints, int first, Duration timeout, DefaultJedisClientConfig.Builder config) {
    this.endpoints = List.copyOf(endpoints);
    this.next = first;
    int millis = (int) timeout.toMillis();
    this.config = config.connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build();
  }

  @Override
  public Optional<Seen> read(String key) {
    return Optional.ofNullable(connected(j -> j.get(key))).map(v -> new Seen(v, -1));
  }

  @Override
  public void write(String key, String value, Duration ttl) {
    connected(j -> ttl.isZero() ? j.set(key, value) : j.set(key, value, SetParams.setParams().px(ttl.toMillis())));
  }

  @Override
  public boolean cas(String key, Optional<Seen> seen, String value) {
    return connected(j -> {
      j.watch(key);
      String current = j.get(key);
      if (!Objects.equals(current, seen.map(Seen::value).orElse(null))) {
        j.unwatch();
        return false;
      }
      Transaction multi = j.multi();
      multi.set(key, value);
      return multi.exec() != null; // null: the key changed after WATCH, nothing applied
    });
  }

  @Override
  public long incr(String key) {
    return connected(j -> j.incr(key));
  }

  /**
   * A connection never made, and Redis's refusals of the command itself (WRONGTYPE, not an
   * integer...), certainly applied nothing; anything else — a lost connection, a timeout, "no
   * leader", an internal or forwarding error — may have: the write may still commit.
   */
  @Override
  public boolean certainlyNotApplied(RuntimeException failure) {
    return failure instanceof NotConnected || failure instanceof JedisDataException
        && REFUSALS.stream().anyMatch(failure.getMessage()::startsWith);
  }

  private <T> T connected(Function<Jedis, T> call) {
    if (jedis == null) {
      String[] hostPort = endpoints.get(next % endpoints.size()).split(":");
      try {
        jedis = new Jedis(new HostAndPort(hostPort[0], Integer.parseInt(hostPort[1])), config); // connects
        jedis.connect();
      } catch (JedisConnectionException refused) {
        close();
        moveOn();
        throw new NotConnected(refused);
      }
    }
    try {
      return call.apply(jedis);
    } catch (RuntimeException failed) {
      if (!certainlyNotApplied(failed)) { // lost, timed out or leaderless: try another node next time
        close();
        moveOn();
      }
      throw failed;
    }
  }

  /** The next node, after a pause as a client's reconnect backoff, so a dead node is not spun on. */
  private void moveOn() {
    next++;
    LockSupport.parkNanos(RECONNECT_BACKOFF.toNanos());
  }

  /** The node did not accept the connection: nothing was sent. */
  static final class NotConnected extends RuntimeException {
    NotConnected(JedisConnectionException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException alreadyBroken) {
        // the connection is being dropped anyway
      }
      jedis = null;
    }
  }
}
