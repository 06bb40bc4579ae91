package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.ScoreIndex;
import io.raftcache.node.keyspace.ScoredMember;
import io.raftcache.node.keyspace.SortedSetValue;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.ErrorCode;
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
import io.raftcache.proto.internal.ZPopRequest;
import io.raftcache.proto.internal.ZRemRangeRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The sorted set commands (ZADD, ZRANGE, ZRANK...). Rank and range answers come from the set's
 * {@link ScoreIndex} in O(log n), plus the members returned.
 */
final class SortedSetCommands {
  private final TypedKeys keys;

  SortedSetCommands(TypedKeys keys) {
    this.keys = keys;
  }

  ZAddResponse zadd(ZAddRequest request, long now) {
    TypedKeys.Change<SortedSetValue> change =
        keys.change(request.getKey(), now, SortedSetValue.class, SortedSetValue::new);
    long added = 0;
    long updated = 0;
    ZAddResponse.Builder response = ZAddResponse.newBuilder();
    for (io.raftcache.proto.v1.ScoredMember sm : request.getMembersList()) {
      Key member = TypedKeys.key(sm.getMember());
      Double old = change.value().score(member);
      double score = request.getIncrement() ? incremented(old, sm.getScore()) : sm.getScore();
      if (!zaddAllows(request, old, score)) {
        continue;
      }
      if (request.getIncrement()) {
        response.setHasScore(true).setScore(score);
      }
      if (change.value().put(member, score)) {
        change.touched(member);
        if (old == null) {
          added++;
        } else {
          updated++;
        }
      }
    }
    change.commit();
    return response.setCount(request.getCountChanged() ? added + updated : added).build();
  }

  private static boolean zaddAllows(ZAddRequest request, Double old, double score) {
    if (old == null) {
      return request.getCondition() != ZAddCondition.ZADD_CONDITION_IF_PRESENT;
    }
    if (request.getCondition() == ZAddCondition.ZADD_CONDITION_IF_ABSENT) {
      return false;
    }
    return switch (request.getComparison()) {
      case ZADD_COMPARISON_GREATER -> score > old;
      case ZADD_COMPARISON_LESS -> score < old;
      default -> true;
    };
  }

  ScoreResponse zincrBy(ZIncrByRequest request, long now) {
    TypedKeys.Change<SortedSetValue> change =
        keys.change(request.getKey(), now, SortedSetValue.class, SortedSetValue::new);
    Key member = TypedKeys.key(request.getMember());
    double score = incremented(change.value().score(member), request.getDelta());
    if (change.value().put(member, score)) {
      change.touched(member);
    }
    change.commit();
    return ScoreResponse.newBuilder().setFound(true).setScore(score).build();
  }

  private static double incremented(Double old, double delta) {
    double score = (old == null ? 0 : old) + delta;
    if (Double.isNaN(score)) {
      throw new CommandRejectedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "resulting score is not a number (NaN)");
    }
    return score;
  }

  CountResponse zrem(MembersRequest request, long now) {
    TypedKeys.Change<SortedSetValue> change =
        keys.change(request.getKey(), now, SortedSetValue.class, SortedSetValue::new);
    long removed = change.forEachMember(request.getMembersList(), change.value()::remove);
    change.commit();
    return HashCommands.count(removed);
  }

  ScoreResponse zscore(MemberRequest request, long now) {
    SortedSetValue zset = keys.read(request.getKey(), now, SortedSetValue.class);
    Double score = zset == null ? null : zset.score(TypedKeys.key(request.getMember()));
    return score == null
        ? ScoreResponse.getDefaultInstance()
        : ScoreResponse.newBuilder().setFound(true).setScore(score).build();
  }

  ZRankResponse zrank(ZRankRequest request, long now) {
    SortedSetValue zset = keys.read(request.getKey(), now, SortedSetValue.class);
    Key member = TypedKeys.key(request.getMember());
    Double score = zset == null ? null : zset.score(member);
    if (score == null) {
      return ZRankResponse.getDefaultInstance();
    }
    long rank = zset.index().rank(member, score);
    return ZRankResponse.newBuilder()
        .setFound(true)
        .setRank(request.getReverse() ? zset.size() - 1 - rank : rank)
        .build();
  }

  CountResponse zcard(KeyRequest request, long now) {
    SortedSetValue zset = keys.read(request.getKey(), now, SortedSetValue.class);
    return HashCommands.count(zset == null ? 0 : zset.size());
  }

  CountResponse zcount(ZCountRequest request, long now) {
    SortedSetValue zset = keys.read(request.getKey(), now, SortedSetValue.class);
    if (zset == null) {
      return HashCommands.count(0);
    }
    Ranks ranks = Ranks.between(zset.index(), request.getMin(), request.getMax());
    return HashCommands.count(ranks.size());
  }

  ZRangeResponse zrange(ZRangeRequest request, long now) {
    SortedSetValue zset = keys.read(request.getKey(), now, SortedSetValue.class);
    if (zset == null) {
      return ZRangeResponse.getDefaultInstance();
    }
    ScoreIndex index = zset.index();
    Ranks ranks = request.hasByScore()
        ? Ranks.between(index, request.getByScore().getMin(), request.getByScore().getMax())
            .page(request.getOffset(), request.hasLimit() ? request.getLimit() : Long.MAX_VALUE, request.getReverse())
        : Ranks.of(request.getByRank(), index.size(), request.getReverse());
    return rangeResponse(members(index, ranks, request.getReverse()));
  }

  /** ZPOPMIN / ZPOPMAX: the lowest (highest) members removed, in that order, with their scores. */
  ZRangeResponse zpop(ZPopRequest request, long now) {
    TypedKeys.Change<SortedSetValue> change =
        keys.change(request.getKey(), now, SortedSetValue.class, SortedSetValue::new);
    ScoreIndex index = change.value().index();
    long count = Math.min(request.getCount(), index.size());
    Ranks ranks = request.getHighest() ? new Ranks(index.size() - count, index.size() - 1) : new Ranks(0, count - 1);
    List<ScoredMember> popped = members(index, ranks, request.getHighest());
    removeAll(change, popped);
    return rangeResponse(popped);
  }

  /** ZREMRANGEBYRANK / ZREMRANGEBYSCORE: how many members were in the range, now removed. */
  CountResponse zremRange(ZRemRangeRequest request, long now) {
    TypedKeys.Change<SortedSetValue> change =
        keys.change(request.getKey(), now, SortedSetValue.class, SortedSetValue::new);
    ScoreIndex index = change.value().index();
    Ranks ranks = request.hasByScore()
        ? Ranks.between(index, request.getByScore().getMin(), request.getByScore().getMax())
        : Ranks.of(request.getByRank(), index.size(), false);
    List<ScoredMember> removed = members(index, ranks, false);
    removeAll(change, removed);
    return HashCommands.count(removed.size());
  }

  private static List<ScoredMember> members(ScoreIndex index, Ranks ranks, boolean descending) {
    List<ScoredMember> found = new ArrayList<>();
    if (ranks.size() == 0) {
      return found;
    }
    Iterator<ScoredMember> it = descending ? index.descendingFrom(ranks.last) : index.ascendingFrom(ranks.first);
    for (long n = ranks.size(); n > 0 && it.hasNext(); n--) {
      found.add(it.next());
    }
    return found;
  }

  private static void removeAll(TypedKeys.Change<SortedSetValue> change, List<ScoredMember> members) {
    for (ScoredMember sm : members) {
      change.value().remove(sm.member());
      change.touched(sm.member());
    }
    change.commit();
  }

  private static ZRangeResponse rangeResponse(List<ScoredMember> members) {
    ZRangeResponse.Builder response = ZRangeResponse.newBuilder();
    for (ScoredMember sm : members) {
      response.addMembers(io.raftcache.proto.v1.ScoredMember.newBuilder()
          .setMember(ByteString.copyFrom(sm.member().bytes()))
          .setScore(sm.score()));
    }
    return response.build();
  }

  /** Ascending ranks {@code first..last} inclusive; empty when {@code last < first}. */
  private record Ranks(long first, long last) {
    static final Ranks EMPTY = new Ranks(0, -1);

    long size() {
      return Math.max(0, last - first + 1);
    }

    /** Ranks of the members whose score is within the bounds. */
    static Ranks between(ScoreIndex index, ScoreBound min, ScoreBound max) {
      long first = index.countBelow(min.getValue(), min.getExclusive());
      long end = index.countBelow(max.getValue(), !max.getExclusive());
      return end > first ? new Ranks(first, end - 1) : EMPTY;
    }

    /** The page of these ranks after skipping {@code offset} and taking at most {@code limit}, in order. */
    Ranks page(long offset, long limit, boolean reverse) {
      long count = Math.min(Math.max(0, size() - offset), limit);
      if (count == 0) {
        return EMPTY;
      }
      return reverse
          ? new Ranks(last - offset - count + 1, last - offset)
          : new Ranks(first + offset, first + offset + count - 1);
    }

    /** Redis's rank range: negative counts from the end; with reverse, ranks count from the top. */
    static Ranks of(RankRange range, long size, boolean reverse) {
      long start = range.getStart() < 0 ? range.getStart() + size : range.getStart();
      long stop = range.getStop() < 0 ? range.getStop() + size : range.getStop();
      start = Math.max(0, start);
      stop = Math.min(stop, size - 1);
      if (start > stop) {
        return EMPTY;
      }
      return reverse ? new Ranks(size - 1 - stop, size - 1 - start) : new Ranks(start, stop);
    }
  }
}
