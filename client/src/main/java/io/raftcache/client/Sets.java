package io.raftcache.client;

import static io.raftcache.client.Futures.await;

import java.util.List;

/** Set commands, blocking; see {@link AsyncSets} for what each does. */
public final class Sets {
  private final AsyncSets async;

  Sets(AsyncSets async) {
    this.async = async;
  }

  public long sadd(String key, String... members) {
    return await(async.sadd(key, members));
  }

  public long srem(String key, String... members) {
    return await(async.srem(key, members));
  }

  public boolean sismember(String key, String member) {
    return await(async.sismember(key, member));
  }

  public List<String> smembers(String key) {
    return await(async.smembers(key));
  }

  public long scard(String key) {
    return await(async.scard(key));
  }

  public List<String> sinter(String... keys) {
    return await(async.sinter(keys));
  }

  public List<String> sunion(String... keys) {
    return await(async.sunion(keys));
  }
}
