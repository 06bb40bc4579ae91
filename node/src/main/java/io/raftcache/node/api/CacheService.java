package io.raftcache.node.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ReadQuery;
import io.raftcache.proto.internal.ReadResult;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetAllResponse;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HMGetRequest;
import io.raftcache.proto.v1.HMGetResponse;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.IntegerResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import io.raftcache.proto.v1.OptionalValue;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScanResponse;
import io.raftcache.proto.v1.ScoreResponse;
import io.raftcache.proto.v1.TypeResponse;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZAddResponse;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRangeResponse;
import io.raftcache.proto.v1.ZRankRequest;
import io.raftcache.proto.v1.ZRankResponse;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.DeleteResponse;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExistsResponse;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.ExpireResponse;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MGetResponse;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.MSetResponse;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.PersistResponse;
import io.raftcache.proto.v1.ReadConsistency;
import io.raftcache.proto.v1.ReadOptions;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.SetResponse;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;
import java.util.function.Function;

/**
 * The client API. Each call is validated, then either proposed to Raft (writes) or read through
 * Raft's ReadIndex (linearizable reads) or straight from this node's copy (stale reads). Replies go
 * out from the thread that completes the Raft future; nothing here blocks.
 */
final class CacheService extends CacheGrpc.CacheImplBase {
  private final RaftNode raft;
  private final RequestValidator validator;
  private final Replies replies;

  CacheService(RaftNode raft, RequestValidator validator, Replies replies) {
    this.raft = raft;
    this.validator = validator;
    this.replies = replies;
  }

  @Override
  public void get(GetRequest r, StreamObserver<GetResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setGet(r), ReadResult::getGet);
  }

  @Override
  public void mGet(MGetRequest r, StreamObserver<MGetResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setMget(r), ReadResult::getMget);
  }

  @Override
  public void exists(ExistsRequest r, StreamObserver<ExistsResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setExists(r), ReadResult::getExists);
  }

  @Override
  public void ttl(TtlRequest r, StreamObserver<TtlResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setTtl(r), ReadResult::getTtl);
  }

  @Override
  public void set(SetRequest r, StreamObserver<SetResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setSet(r), CommandResult::getSet);
  }

  @Override
  public void mSet(MSetRequest r, StreamObserver<MSetResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setMset(r), CommandResult::getMset);
  }

  @Override
  public void delete(DeleteRequest r, StreamObserver<DeleteResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setDelete(r), CommandResult::getDelete);
  }

  @Override
  public void incrBy(IncrByRequest r, StreamObserver<IncrByResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setIncrBy(r), CommandResult::getIncrBy);
  }

  @Override
  public void expire(ExpireRequest r, StreamObserver<ExpireResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setExpire(r), CommandResult::getExpire);
  }

  @Override
  public void persist(PersistRequest r, StreamObserver<PersistResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setPersist(r), CommandResult::getPersist);
  }

  // ---- keys of any type

  @Override
  public void type(KeyRequest r, StreamObserver<TypeResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setType(r), ReadResult::getType);
  }

  @Override
  public void scan(ScanRequest r, StreamObserver<ScanResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setScan(r), ReadResult::getScan);
  }

  // ---- hashes

  @Override
  public void hSet(HSetRequest r, StreamObserver<CountResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setHset(r), CommandResult::getHset);
  }

  @Override
  public void hGet(HGetRequest r, StreamObserver<OptionalValue> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setHget(r), ReadResult::getHget);
  }

  @Override
  public void hMGet(HMGetRequest r, StreamObserver<HMGetResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setHmget(r), ReadResult::getHmget);
  }

  @Override
  public void hGetAll(KeyRequest r, StreamObserver<HGetAllResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setHgetall(r), ReadResult::getHgetall);
  }

  @Override
  public void hDel(HDelRequest r, StreamObserver<CountResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setHdel(r), CommandResult::getHdel);
  }

  @Override
  public void hExists(HGetRequest r, StreamObserver<BoolResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setHexists(r), ReadResult::getHexists);
  }

  @Override
  public void hLen(KeyRequest r, StreamObserver<CountResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setHlen(r), ReadResult::getHlen);
  }

  @Override
  public void hIncrBy(HIncrByRequest r, StreamObserver<IntegerResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setHincrBy(r), CommandResult::getHincrBy);
  }

  // ---- sets

  @Override
  public void sAdd(MembersRequest r, StreamObserver<CountResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setSadd(r), CommandResult::getSadd);
  }

  @Override
  public void sRem(MembersRequest r, StreamObserver<CountResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setSrem(r), CommandResult::getSrem);
  }

  @Override
  public void sIsMember(MemberRequest r, StreamObserver<BoolResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setSismember(r), ReadResult::getSismember);
  }

  @Override
  public void sMembers(KeyRequest r, StreamObserver<MembersResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setSmembers(r), ReadResult::getSmembers);
  }

  @Override
  public void sCard(KeyRequest r, StreamObserver<CountResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setScard(r), ReadResult::getScard);
  }

  @Override
  public void sInter(KeysRequest r, StreamObserver<MembersResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setSinter(r), ReadResult::getSinter);
  }

  @Override
  public void sUnion(KeysRequest r, StreamObserver<MembersResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setSunion(r), ReadResult::getSunion);
  }

  // ---- sorted sets

  @Override
  public void zAdd(ZAddRequest r, StreamObserver<ZAddResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setZadd(r), CommandResult::getZadd);
  }

  @Override
  public void zIncrBy(ZIncrByRequest r, StreamObserver<ScoreResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setZincrBy(r), CommandResult::getZincrBy);
  }

  @Override
  public void zScore(MemberRequest r, StreamObserver<ScoreResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setZscore(r), ReadResult::getZscore);
  }

  @Override
  public void zRank(ZRankRequest r, StreamObserver<ZRankResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setZrank(r), ReadResult::getZrank);
  }

  @Override
  public void zRange(ZRangeRequest r, StreamObserver<ZRangeResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setZrange(r), ReadResult::getZrange);
  }

  @Override
  public void zRem(MembersRequest r, StreamObserver<CountResponse> out) {
    write(out, () -> validator.check(r), LogCommand.newBuilder().setZrem(r), CommandResult::getZrem);
  }

  @Override
  public void zCard(KeyRequest r, StreamObserver<CountResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setZcard(r), ReadResult::getZcard);
  }

  @Override
  public void zCount(ZCountRequest r, StreamObserver<CountResponse> out) {
    read(out, () -> validator.check(r), r.getRead(), ReadQuery.newBuilder().setZcount(r), ReadResult::getZcount);
  }

  // ---- invalidation feed

  @Override
  public void watch(WatchRequest r, StreamObserver<WatchResponse> out) {
    if (replies.passes(() -> validator.check(r), out)) {
      raft.feed().subscribe(r, (ServerCallStreamObserver<WatchResponse>) out);
    }
  }

  private <T> void write(StreamObserver<T> out, Replies.Validation check, LogCommand.Builder command,
      Function<CommandResult, T> answer) {
    if (!replies.passes(check, out)) {
      return;
    }
    raft.write(command.build()).whenComplete((result, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else if (result.hasError()) {
        replies.fail(out, Errors.of(result.getError().getCode(), result.getError().getMessage()));
      } else {
        replies.send(out, answer.apply(result));
      }
    });
  }

  private <T> void read(StreamObserver<T> out, Replies.Validation check, ReadOptions options, ReadQuery.Builder query,
      Function<ReadResult, T> answer) {
    if (!replies.passes(check, out)) {
      return;
    }
    if (options.getConsistency() == ReadConsistency.READ_CONSISTENCY_STALE) {
      answer(out, raft.readStale(query.build()), answer);
      return;
    }
    raft.readLinearizable(query.build()).whenComplete((result, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        answer(out, result, answer);
      }
    });
  }

  private <T> void answer(StreamObserver<T> out, ReadResult result, Function<ReadResult, T> answer) {
    if (result.hasError()) {
      replies.fail(out, Errors.of(result.getError().getCode(), result.getError().getMessage()));
    } else {
      replies.send(out, answer.apply(result));
    }
  }
}
