package io.raftcache.client;

import static io.raftcache.client.Futures.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hash commands, blocking; see {@link AsyncHashes} for what each does. */
public final class Hashes {
  private final AsyncHashes async;

  Hashes(AsyncHashes async) {
    this.async = async;
  }

  public long hset(String key, Map<String, String> fields) {
    return await(async.hset(key, fields));
  }

  public long hset(String key, Map<String, String> fields, Duration ttl) {
    return await(async.hset(key, fields, ttl));
  }

  public Optional<String> hget(String key, String field) {
    return await(async.hget(key, field));
  }

  public List<Optional<String>> hmget(String key, String... fields) {
    return await(async.hmget(key, fields));
  }

  public Map<String, String> hgetall(String key) {
    return await(async.hgetall(key));
  }

  public long hdel(String key, String... fields) {
    return await(async.hdel(key, fields));
  }

  public boolean hexists(String key, String field) {
    return await(async.hexists(key, field));
  }

  public long hlen(String key) {
    return await(async.hlen(key));
  }

  public long hincrBy(String key, String field, long delta) {
    return await(async.hincrBy(key, field, delta));
  }
}
