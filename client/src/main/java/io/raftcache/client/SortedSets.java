package io.raftcache.client;

import static io.raftcache.client.Futures.await;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Sorted set commands, blocking; see {@link AsyncSortedSets} for what each does. */
public final class SortedSets {
  private final AsyncSortedSets async;

  SortedSets(AsyncSortedSets async) {
    this.async = async;
  }

  public long zadd(String key, double score, String member) {
    return await(async.zadd(key, score, member));
  }

  public long zadd(String key, Map<String, Double> scores, ZAddOptions options) {
    return await(async.zadd(key, scores, options));
  }

  public OptionalDouble zaddIncr(String key, double delta, String member, ZAddOptions options) {
    return await(async.zaddIncr(key, delta, member, options));
  }

  public double zincrBy(String key, double delta, String member) {
    return await(async.zincrBy(key, delta, member));
  }

  public OptionalDouble zscore(String key, String member) {
    return await(async.zscore(key, member));
  }

  public OptionalLong zrank(String key, String member) {
    return await(async.zrank(key, member));
  }

  public OptionalLong zrevrank(String key, String member) {
    return await(async.zrevrank(key, member));
  }

  public List<ScoredMember> zrange(String key, long start, long stop) {
    return await(async.zrange(key, start, stop));
  }

  public List<ScoredMember> zrevrange(String key, long start, long stop) {
    return await(async.zrevrange(key, start, stop));
  }

  public List<ScoredMember> zrangeByScore(String key, ScoreRange range) {
    return await(async.zrangeByScore(key, range));
  }

  public List<ScoredMember> zrangeByScore(String key, ScoreRange range, long offset, long limit) {
    return await(async.zrangeByScore(key, range, offset, limit));
  }

  public List<ScoredMember> zrevrangeByScore(String key, ScoreRange range, long offset, long limit) {
    return await(async.zrevrangeByScore(key, range, offset, limit));
  }

  public long zrem(String key, String... members) {
    return await(async.zrem(key, members));
  }

  public long zcard(String key) {
    return await(async.zcard(key));
  }

  public long zcount(String key, ScoreRange range) {
    return await(async.zcount(key, range));
  }
}
