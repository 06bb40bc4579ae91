package io.raftcache.client;

import static io.raftcache.client.Codec.bytes;
import static io.raftcache.client.Codec.utf8List;

import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.RankRange;
import io.raftcache.proto.v1.ScoreBound;
import io.raftcache.proto.v1.ScoreResponse;
import io.raftcache.proto.v1.ZAddComparison;
import io.raftcache.proto.v1.ZAddCondition;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZAddResponse;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRangeResponse;
import io.raftcache.proto.v1.ZRankRequest;
import io.raftcache.proto.v1.ZRankResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Sorted set commands, non-blocking: a key holding string members ordered by a score (then by
 * member bytes). Ranks are 0-based. Rank and range lookups are O(log n) on the node.
 * A command on a key of another type fails with {@link WrongTypeException}.
 */
public final class AsyncSortedSets {
  private final Calls calls;

  AsyncSortedSets(Calls calls) {
    this.calls = calls;
  }

  /** Adds {@code member} or updates its score; completes with 1 if it was new. */
  public CompletableFuture<Long> zadd(String key, double score, String member) {
    return zadd(key, Map.of(member, score), ZAddOptions.none());
  }

  /** Adds or updates several members under {@code options}; completes with the count ZADD answers. */
  public CompletableFuture<Long> zadd(String key, Map<String, Double> scores, ZAddOptions options) {
    ZAddRequest.Builder request = zaddRequest(key, scores, options);
    return calls.<ZAddResponse>write(h -> (stub, out) -> stub.zAdd(request.setHeader(h).build(), out))
        .thenApply(ZAddResponse::getCount);
  }

  /**
   * ZADD INCR: adds {@code delta} to the member's score under {@code options}; completes with the
   * new score, or empty if an option prevented the change.
   */
  public CompletableFuture<OptionalDouble> zaddIncr(String key, double delta, String member, ZAddOptions options) {
    ZAddRequest.Builder request = zaddRequest(key, Map.of(member, delta), options).setIncrement(true);
    return calls.<ZAddResponse>write(h -> (stub, out) -> stub.zAdd(request.setHeader(h).build(), out))
        .thenApply(r -> r.getHasScore() ? OptionalDouble.of(r.getScore()) : OptionalDouble.empty());
  }

  private static ZAddRequest.Builder zaddRequest(String key, Map<String, Double> scores, ZAddOptions options) {
    Objects.requireNonNull(options, "options");
    ZAddRequest.Builder request = ZAddRequest.newBuilder()
        .setKey(bytes(key))
        .setCondition(switch (options.condition()) {
          case ALWAYS -> ZAddCondition.ZADD_CONDITION_ALWAYS;
          case IF_ABSENT -> ZAddCondition.ZADD_CONDITION_IF_ABSENT;
          case IF_PRESENT -> ZAddCondition.ZADD_CONDITION_IF_PRESENT;
        })
        .setComparison(switch (options.comparison()) {
          case ANY -> ZAddComparison.ZADD_COMPARISON_ANY;
          case GREATER -> ZAddComparison.ZADD_COMPARISON_GREATER;
          case LESS -> ZAddComparison.ZADD_COMPARISON_LESS;
        })
        .setCountChanged(options.isCountChanged());
    scores.forEach((member, score) -> request.addMembers(
        io.raftcache.proto.v1.ScoredMember.newBuilder().setMember(bytes(member)).setScore(score)));
    return request;
  }

  /** Adds {@code delta} to the member's score (a new member starts at 0); completes with the new score. */
  public CompletableFuture<Double> zincrBy(String key, double delta, String member) {
    ZIncrByRequest.Builder request = ZIncrByRequest.newBuilder().setKey(bytes(key)).setMember(bytes(member))
        .setDelta(delta);
    return calls.<ScoreResponse>write(h -> (stub, out) -> stub.zIncrBy(request.setHeader(h).build(), out))
        .thenApply(ScoreResponse::getScore);
  }

  public CompletableFuture<OptionalDouble> zscore(String key, String member) {
    MemberRequest request = MemberRequest.newBuilder().setKey(bytes(key)).setMember(bytes(member))
        .setRead(calls.readOptions()).build();
    return calls.<ScoreResponse>read((stub, out) -> stub.zScore(request, out))
        .thenApply(r -> r.getFound() ? OptionalDouble.of(r.getScore()) : OptionalDouble.empty());
  }

  /** The member's rank from the lowest score (0 first), or empty if it is not a member. */
  public CompletableFuture<OptionalLong> zrank(String key, String member) {
    return rank(key, member, false);
  }

  /** The member's rank from the highest score (0 first), or empty if it is not a member. */
  public CompletableFuture<OptionalLong> zrevrank(String key, String member) {
    return rank(key, member, true);
  }

  private CompletableFuture<OptionalLong> rank(String key, String member, boolean reverse) {
    ZRankRequest request = ZRankRequest.newBuilder().setKey(bytes(key)).setMember(bytes(member))
        .setReverse(reverse).setRead(calls.readOptions()).build();
    return calls.<ZRankResponse>read((stub, out) -> stub.zRank(request, out))
        .thenApply(r -> r.getFound() ? OptionalLong.of(r.getRank()) : OptionalLong.empty());
  }

  /** Members with ranks {@code start..stop} (inclusive; negative counts from the end), lowest score first. */
  public CompletableFuture<List<ScoredMember>> zrange(String key, long start, long stop) {
    return range(byRank(key, start, stop).setReverse(false));
  }

  /** Members with ranks {@code start..stop} counted from the highest score, highest first. */
  public CompletableFuture<List<ScoredMember>> zrevrange(String key, long start, long stop) {
    return range(byRank(key, start, stop).setReverse(true));
  }

  /** Every member with a score in {@code range}, lowest first. */
  public CompletableFuture<List<ScoredMember>> zrangeByScore(String key, ScoreRange range) {
    return zrangeByScore(key, range, 0, -1);
  }

  /**
   * Members with scores in {@code range}, lowest first: skips {@code offset} of them, then takes at
   * most {@code limit} (negative: all), as Redis's LIMIT.
   */
  public CompletableFuture<List<ScoredMember>> zrangeByScore(String key, ScoreRange range, long offset, long limit) {
    return range(byScore(key, range, offset, limit).setReverse(false));
  }

  /** As {@link #zrangeByScore}, highest score first. */
  public CompletableFuture<List<ScoredMember>> zrevrangeByScore(String key, ScoreRange range, long offset, long limit) {
    return range(byScore(key, range, offset, limit).setReverse(true));
  }

  private ZRangeRequest.Builder byRank(String key, long start, long stop) {
    return ZRangeRequest.newBuilder().setKey(bytes(key))
        .setByRank(RankRange.newBuilder().setStart(start).setStop(stop));
  }

  private ZRangeRequest.Builder byScore(String key, ScoreRange range, long offset, long limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, not " + offset);
    }
    ZRangeRequest.Builder request = ZRangeRequest.newBuilder().setKey(bytes(key))
        .setByScore(io.raftcache.proto.v1.ScoreRange.newBuilder().setMin(min(range)).setMax(max(range)))
        .setOffset(offset);
    return limit < 0 ? request : request.setLimit(limit);
  }

  private CompletableFuture<List<ScoredMember>> range(ZRangeRequest.Builder request) {
    ZRangeRequest built = request.setRead(calls.readOptions()).build();
    return calls.<ZRangeResponse>read((stub, out) -> stub.zRange(built, out))
        .thenApply(r -> r.getMembersList().stream()
            .map(m -> new ScoredMember(m.getMember().toStringUtf8(), m.getScore()))
            .toList());
  }

  /** Removes the members; completes with how many were there. A sorted set left empty is deleted. */
  public CompletableFuture<Long> zrem(String key, String... members) {
    MembersRequest.Builder request = MembersRequest.newBuilder().setKey(bytes(key)).addAllMembers(utf8List(members));
    return calls.<CountResponse>write(h -> (stub, out) -> stub.zRem(request.setHeader(h).build(), out))
        .thenApply(CountResponse::getCount);
  }

  /** The number of members (0 if the key does not exist). */
  public CompletableFuture<Long> zcard(String key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(calls.readOptions()).build();
    return calls.<CountResponse>read((stub, out) -> stub.zCard(request, out)).thenApply(CountResponse::getCount);
  }

  /** How many members have a score within {@code range}. */
  public CompletableFuture<Long> zcount(String key, ScoreRange range) {
    ZCountRequest request = ZCountRequest.newBuilder().setKey(bytes(key)).setMin(min(range)).setMax(max(range))
        .setRead(calls.readOptions()).build();
    return calls.<CountResponse>read((stub, out) -> stub.zCount(request, out)).thenApply(CountResponse::getCount);
  }

  private static ScoreBound min(ScoreRange range) {
    return ScoreBound.newBuilder().setValue(range.min()).setExclusive(range.minExclusive()).build();
  }

  private static ScoreBound max(ScoreRange range) {
    return ScoreBound.newBuilder().setValue(range.max()).setExclusive(range.maxExclusive()).build();
  }
}
