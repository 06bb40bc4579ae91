package io.raftcache.node.resp;

import static io.raftcache.node.resp.DataCommands.read;
import static io.raftcache.node.resp.DataCommands.run;
import static io.raftcache.node.resp.DataCommands.write;

import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.internal.PopRequest;
import io.raftcache.proto.internal.SMoveRequest;
import io.raftcache.proto.internal.SetOperation;
import io.raftcache.proto.internal.SetStoreRequest;
import io.raftcache.proto.internal.ZPopRequest;
import io.raftcache.proto.internal.ZRemRangeRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import io.raftcache.proto.v1.RankRange;
import io.raftcache.proto.v1.ScoreBound;
import io.raftcache.proto.v1.ScoreRange;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.ZAddComparison;
import io.raftcache.proto.v1.ZAddCondition;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRangeResponse;
import io.raftcache.proto.v1.ZRankRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** The Redis syntax of the set and sorted-set commands, over the command table. */
final class CollectionCommands {
  private CollectionCommands() {}

  static List<RespCommand> all() {
    return List.of(
        write("sadd", -3, 1, 1, c -> members(c, CommandTable.SADD)),
        write("srem", -3, 1, 1, c -> members(c, CommandTable.SREM)),
        read("sismember", 3, 1, 1, c -> run(c, CommandTable.SISMEMBER,
            MemberRequest.newBuilder().setKey(c.bytes(1)).setMember(c.bytes(2)).build(),
            r -> Reply.integer(r.getValue() ? 1 : 0))),
        read("smismember", -3, 1, 1, c -> run(c, CommandTable.SMEMBERS, key(c), r -> {
          java.util.Set<com.google.protobuf.ByteString> members = java.util.Set.copyOf(r.getMembersList());
          return Reply.array(c.bytesFrom(2).stream().map(m -> Reply.integer(members.contains(m) ? 1 : 0)).toList());
        })),
        read("sscan", -3, 1, 1, c -> {
          KeyScan.checkCollectionCursor(c);
          return run(c, CommandTable.SMEMBERS, key(c), r -> KeyScan.collectionPage(c,
              r.getMembersList().stream().<Reply>map(Reply::bulk).toList(), 1));
        }),
        read("zscan", -3, 1, 1, c -> {
          KeyScan.checkCollectionCursor(c);
          return run(c, CommandTable.ZRANGE, ZRangeRequest.newBuilder().setKey(c.bytes(1))
              .setByRank(RankRange.newBuilder().setStart(0).setStop(-1)).build(), r -> KeyScan.collectionPage(c,
                  r.getMembersList().stream().flatMap(m -> java.util.stream.Stream.<Reply>of(Reply.bulk(m.getMember()),
                      Reply.bulk(Scores.format(m.getScore())))).toList(), 2));
        }),
        read("smembers", 2, 1, 1, c -> run(c, CommandTable.SMEMBERS, key(c), CollectionCommands::set)),
        read("scard", 2, 1, 1, c -> run(c, CommandTable.SCARD, key(c), r -> Reply.integer(r.getCount()))),
        read("sinter", -2, 1, -1, c -> run(c, CommandTable.SINTER, keys(c), CollectionCommands::set)),
        read("sunion", -2, 1, -1, c -> run(c, CommandTable.SUNION, keys(c), CollectionCommands::set)),
        read("sdiff", -2, 1, -1, c -> run(c, CommandTable.SDIFF, keys(c), CollectionCommands::set)),
        write("sunionstore", -3, 1, -1, c -> store(c, SetOperation.SET_OPERATION_UNION)),
        write("sinterstore", -3, 1, -1, c -> store(c, SetOperation.SET_OPERATION_INTERSECTION)),
        write("sdiffstore", -3, 1, -1, c -> store(c, SetOperation.SET_OPERATION_DIFFERENCE)),
        write("smove", 4, 1, 2, c -> run(c, CommandTable.SMOVE, SMoveRequest.newBuilder().setSource(c.bytes(1))
            .setDestination(c.bytes(2)).setMember(c.bytes(3)).build(), r -> Reply.integer(r.getValue() ? 1 : 0))),
        write("spop", -2, 1, 1, CollectionCommands::spop),
        read("srandmember", -2, 1, 1, CollectionCommands::srandmember),
        // ---- sorted sets
        write("zadd", -4, 1, 1, CollectionCommands::zadd),
        write("zincrby", 4, 1, 1, c -> run(c, CommandTable.ZINCRBY, ZIncrByRequest.newBuilder().setKey(c.bytes(1))
            .setDelta(c.score(2)).setMember(c.bytes(3)).build(), r -> new Reply.Score(r.getScore()))),
        read("zscore", 3, 1, 1, c -> run(c, CommandTable.ZSCORE,
            MemberRequest.newBuilder().setKey(c.bytes(1)).setMember(c.bytes(2)).build(),
            r -> r.getFound() ? new Reply.Score(r.getScore()) : Reply.NULL)),
        read("zmscore", -3, 1, 1, c -> run(c, CommandTable.ZRANGE, ZRangeRequest.newBuilder().setKey(c.bytes(1))
            .setByRank(RankRange.newBuilder().setStart(0).setStop(-1)).build(), r -> {
              java.util.Map<com.google.protobuf.ByteString, Double> scores = new java.util.HashMap<>();
              r.getMembersList().forEach(m -> scores.put(m.getMember(), m.getScore()));
              return Reply.array(c.bytesFrom(2).stream()
                  .map(m -> scores.containsKey(m) ? (Reply) new Reply.Score(scores.get(m)) : Reply.NULL).toList());
            })),
        read("zrank", 3, 1, 1, c -> zrank(c, false)),
        read("zrevrank", 3, 1, 1, c -> zrank(c, true)),
        read("zrange", -4, 1, 1, CollectionCommands::zrange),
        read("zrangebyscore", -4, 1, 1, c -> zrangeByScore(c, false)),
        read("zrevrangebyscore", -4, 1, 1, c -> zrangeByScore(c, true)),
        read("zrevrange", -4, 1, 1, c -> {
          boolean withScores = c.size() == 5 && c.word(4).equals("WITHSCORES");
          if (c.size() > 5 || (c.size() == 5 && !withScores)) {
            throw RespException.syntax();
          }
          return ranks(c, c.integer(2), c.integer(3), true, withScores);
        }),
        write("zrem", -3, 1, 1, c -> members(c, CommandTable.ZREM)),
        write("zpopmin", -2, 1, 1, c -> zpop(c, false)),
        write("zpopmax", -2, 1, 1, c -> zpop(c, true)),
        write("zremrangebyrank", 4, 1, 1, c -> run(c, CommandTable.ZREMRANGE, ZRemRangeRequest.newBuilder()
            .setKey(c.bytes(1)).setByRank(RankRange.newBuilder().setStart(c.integer(2)).setStop(c.integer(3))).build(),
            r -> Reply.integer(r.getCount()))),
        write("zremrangebyscore", 4, 1, 1, c -> run(c, CommandTable.ZREMRANGE, ZRemRangeRequest.newBuilder()
            .setKey(c.bytes(1)).setByScore(ScoreRange.newBuilder().setMin(bound(c, 2)).setMax(bound(c, 3))).build(),
            r -> Reply.integer(r.getCount()))),
        read("zcard", 2, 1, 1, c -> run(c, CommandTable.ZCARD, key(c), r -> Reply.integer(r.getCount()))),
        read("zcount", 4, 1, 1, c -> run(c, CommandTable.ZCOUNT, ZCountRequest.newBuilder().setKey(c.bytes(1))
            .setMin(bound(c, 2)).setMax(bound(c, 3)).build(), r -> Reply.integer(r.getCount()))));
  }

  private static KeyRequest key(Call c) {
    return KeyRequest.newBuilder().setKey(c.bytes(1)).build();
  }

  private static KeysRequest keys(Call c) {
    return KeysRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build();
  }

  private static Reply set(MembersResponse r) {
    return new Reply.SetReply(r.getMembersList().stream().map(Reply::bulk).toList());
  }

  private static CompletableFuture<Reply> members(Call c,
      io.raftcache.node.command.WriteCommand<MembersRequest, io.raftcache.proto.v1.CountResponse> command) {
    return run(c, command, MembersRequest.newBuilder().setKey(c.bytes(1)).addAllMembers(c.bytesFrom(2)).build(),
        r -> Reply.integer(r.getCount()));
  }

  /** SUNIONSTORE / SINTERSTORE / SDIFFSTORE destination key [key ...] */
  private static CompletableFuture<Reply> store(Call c, SetOperation operation) {
    return run(c, CommandTable.SETSTORE, SetStoreRequest.newBuilder().setDestination(c.bytes(1))
        .addAllKeys(c.bytesFrom(2)).setOperation(operation).build(), r -> Reply.integer(r.getCount()));
  }

  /** SPOP key [count]: the choice is made here, as a seed the log entry carries (see {@link PopRequest}). */
  private static CompletableFuture<Reply> spop(Call c) {
    if (c.size() > 3) {
      throw RespException.syntax();
    }
    PopRequest.Builder request = PopRequest.newBuilder().setKey(c.bytes(1)).setSeed(ThreadLocalRandom.current().nextLong());
    if (c.size() == 3) {
      request.setHasCount(true).setCount(c.count(2));
    }
    return run(c, CommandTable.SPOP, request.build(), r -> request.getHasCount() ? set(r) : single(r));
  }

  /** SRANDMEMBER key [count]: a read; each node picks with a seed of its own. */
  private static CompletableFuture<Reply> srandmember(Call c) {
    if (c.size() > 3) {
      throw RespException.syntax();
    }
    PopRequest.Builder request = PopRequest.newBuilder().setKey(c.bytes(1)).setSeed(ThreadLocalRandom.current().nextLong());
    if (c.size() == 3) {
      request.setHasCount(true).setCount(c.integer(2));
    }
    return run(c, CommandTable.SRANDMEMBER, request.build(), r -> request.getHasCount()
        ? Reply.array(r.getMembersList().stream().map(Reply::bulk).toList()) : single(r));
  }

  private static Reply single(MembersResponse r) {
    return r.getMembersCount() == 0 ? Reply.NULL : Reply.bulk(r.getMembers(0));
  }

  /** ZPOPMIN / ZPOPMAX key [count]: without a count one member and its score, flat even in RESP3 (as Redis). */
  private static CompletableFuture<Reply> zpop(Call c, boolean highest) {
    if (c.size() > 3) {
      throw RespException.syntax();
    }
    long count = c.size() == 3 ? c.count(2) : 1;
    int protocol = c.size() == 3 ? c.protocol : 2;
    return run(c, CommandTable.ZPOP, ZPopRequest.newBuilder().setKey(c.bytes(1)).setCount(count).setHighest(highest)
        .build(), r -> members(r, true, protocol));
  }

  /** ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...] */
  private static CompletableFuture<Reply> zadd(Call c) {
    java.util.Set<String> options = new java.util.HashSet<>();
    int i = 2;
    while (i < c.size() && List.of("NX", "XX", "GT", "LT", "CH", "INCR").contains(c.word(i))) {
      options.add(c.word(i++));
    }
    if (options.contains("NX") && options.contains("XX")) {
      throw new RespException("ERR XX and NX options at the same time are not compatible");
    }
    if ((options.contains("GT") ? 1 : 0) + (options.contains("LT") ? 1 : 0) + (options.contains("NX") ? 1 : 0) > 1) {
      throw new RespException("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if ((c.size() - i) % 2 != 0 || c.size() == i) {
      throw RespException.syntax();
    }
    boolean increment = options.contains("INCR");
    if (increment && c.size() - i != 2) {
      throw new RespException("ERR INCR option supports a single increment-element pair");
    }
    ZAddRequest.Builder request = ZAddRequest.newBuilder().setKey(c.bytes(1))
        .setCondition(options.contains("NX") ? ZAddCondition.ZADD_CONDITION_IF_ABSENT
            : options.contains("XX") ? ZAddCondition.ZADD_CONDITION_IF_PRESENT : ZAddCondition.ZADD_CONDITION_ALWAYS)
        .setComparison(options.contains("GT") ? ZAddComparison.ZADD_COMPARISON_GREATER
            : options.contains("LT") ? ZAddComparison.ZADD_COMPARISON_LESS : ZAddComparison.ZADD_COMPARISON_ANY)
        .setCountChanged(options.contains("CH"))
        .setIncrement(increment);
    for (; i < c.size(); i += 2) {
      request.addMembers(ScoredMember.newBuilder().setScore(c.score(i)).setMember(c.bytes(i + 1)));
    }
    return run(c, CommandTable.ZADD, request.build(), r -> increment
        ? (r.getHasScore() ? new Reply.Score(r.getScore()) : Reply.NULL)
        : Reply.integer(r.getCount()));
  }

  private static CompletableFuture<Reply> zrank(Call c, boolean reverse) {
    return run(c, CommandTable.ZRANK, ZRankRequest.newBuilder().setKey(c.bytes(1)).setMember(c.bytes(2))
        .setReverse(reverse).build(), r -> r.getFound() ? Reply.integer(r.getRank()) : Reply.NULL);
  }

  /** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
  private static CompletableFuture<Reply> zrange(Call c) {
    boolean byScore = false;
    boolean reverse = false;
    boolean withScores = false;
    long[] limit = null;
    for (int i = 4; i < c.size(); i++) {
      switch (c.word(i)) {
        case "BYSCORE" -> byScore = true;
        case "BYLEX" -> throw new RespException("ERR raftcache does not support ZRANGE BYLEX yet");
        case "REV" -> reverse = true;
        case "WITHSCORES" -> withScores = true;
        case "LIMIT" -> {
          if (i + 2 >= c.size()) {
            throw RespException.syntax();
          }
          limit = new long[] {c.integer(i + 1), c.integer(i + 2)};
          i += 2;
        }
        default -> throw RespException.syntax();
      }
    }
    if (limit != null && !byScore) {
      throw new RespException("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    }
    if (!byScore) {
      return ranks(c, c.integer(2), c.integer(3), reverse, withScores);
    }
    // With REV the first bound is the maximum, as Redis reads it.
    ScoreBound first = bound(c, 2);
    ScoreBound second = bound(c, 3);
    return scores(c, reverse ? second : first, reverse ? first : second, reverse, withScores, limit);
  }

  /** ZRANGEBYSCORE key min max / ZREVRANGEBYSCORE key max min, [WITHSCORES] [LIMIT offset count] */
  private static CompletableFuture<Reply> zrangeByScore(Call c, boolean reverse) {
    boolean withScores = false;
    long[] limit = null;
    for (int i = 4; i < c.size(); i++) {
      if (c.word(i).equals("WITHSCORES")) {
        withScores = true;
      } else if (c.word(i).equals("LIMIT") && i + 2 < c.size()) {
        limit = new long[] {c.integer(i + 1), c.integer(i + 2)};
        i += 2;
      } else {
        throw RespException.syntax();
      }
    }
    ScoreBound first = bound(c, 2);
    ScoreBound second = bound(c, 3);
    return scores(c, reverse ? second : first, reverse ? first : second, reverse, withScores, limit);
  }

  private static CompletableFuture<Reply> ranks(Call c, long start, long stop, boolean reverse, boolean withScores) {
    ZRangeRequest request = ZRangeRequest.newBuilder().setKey(c.bytes(1))
        .setByRank(RankRange.newBuilder().setStart(start).setStop(stop)).setReverse(reverse).build();
    return run(c, CommandTable.ZRANGE, request, r -> members(r, withScores, c.protocol));
  }

  private static CompletableFuture<Reply> scores(Call c, ScoreBound min, ScoreBound max, boolean reverse,
      boolean withScores, long[] limit) {
    ZRangeRequest.Builder request = ZRangeRequest.newBuilder().setKey(c.bytes(1))
        .setByScore(ScoreRange.newBuilder().setMin(min).setMax(max)).setReverse(reverse);
    if (limit != null) {
      // A negative offset selects nothing (but the key's type is still checked), a negative count all.
      request.setOffset(Math.max(limit[0], 0));
      if (limit[0] < 0 || limit[1] >= 0) {
        request.setLimit(limit[0] < 0 ? 0 : limit[1]);
      }
    }
    return run(c, CommandTable.ZRANGE, request.build(), r -> members(r, withScores, c.protocol));
  }

  /** Members, and with WITHSCORES their scores: flat in RESP2, as pairs in RESP3 (as Redis 7). */
  private static Reply members(ZRangeResponse r, boolean withScores, int protocol) {
    List<Reply> items = new ArrayList<>();
    for (ScoredMember m : r.getMembersList()) {
      if (!withScores) {
        items.add(Reply.bulk(m.getMember()));
      } else if (protocol >= 3) {
        items.add(Reply.array(List.of(Reply.bulk(m.getMember()), new Reply.Score(m.getScore()))));
      } else {
        items.add(Reply.bulk(m.getMember()));
        items.add(new Reply.Score(m.getScore()));
      }
    }
    return Reply.array(items);
  }

  /** A score bound: a number, "(number" for an exclusive one, "-inf" or "+inf". */
  private static ScoreBound bound(Call c, int i) {
    String text = c.text(i);
    boolean exclusive = text.startsWith("(");
    Double value = Scores.parse(exclusive ? text.substring(1) : text);
    if (value == null) {
      throw new RespException("ERR min or max is not a float");
    }
    return ScoreBound.newBuilder().setValue(value).setExclusive(exclusive).build();
  }
}
