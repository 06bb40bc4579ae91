package io.raftcache.node.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Message;
import io.raftcache.node.command.Command;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.CommandTable;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.raft.RaftNode;
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
import java.util.concurrent.CompletableFuture;

/**
 * The client API over gRPC: each call names its row of {@link CommandTable}, hands the request to
 * the {@link CommandExecutor} and sends what comes back; the Watch stream goes to the change feed.
 * Replies go out from the thread that completes the command's future; nothing here blocks.
 */
final class CacheService extends CacheGrpc.CacheImplBase {
  private final CommandExecutor executor;
  private final RaftNode raft;
  private final RequestValidator validator;
  private final Replies replies;

  CacheService(CommandExecutor executor, RaftNode raft, RequestValidator validator, Replies replies) {
    this.executor = executor;
    this.raft = raft;
    this.validator = validator;
    this.replies = replies;
  }

  @Override
  public void get(GetRequest r, StreamObserver<GetResponse> out) {
    read(CommandTable.GET, r, r.getRead(), out);
  }

  @Override
  public void mGet(MGetRequest r, StreamObserver<MGetResponse> out) {
    read(CommandTable.MGET, r, r.getRead(), out);
  }

  @Override
  public void exists(ExistsRequest r, StreamObserver<ExistsResponse> out) {
    read(CommandTable.EXISTS, r, r.getRead(), out);
  }

  @Override
  public void ttl(TtlRequest r, StreamObserver<TtlResponse> out) {
    read(CommandTable.TTL, r, r.getRead(), out);
  }

  @Override
  public void set(SetRequest r, StreamObserver<SetResponse> out) {
    write(CommandTable.SET, r, out);
  }

  @Override
  public void mSet(MSetRequest r, StreamObserver<MSetResponse> out) {
    write(CommandTable.MSET, r, out);
  }

  @Override
  public void delete(DeleteRequest r, StreamObserver<DeleteResponse> out) {
    write(CommandTable.DEL, r, out);
  }

  @Override
  public void incrBy(IncrByRequest r, StreamObserver<IncrByResponse> out) {
    write(CommandTable.INCRBY, r, out);
  }

  @Override
  public void expire(ExpireRequest r, StreamObserver<ExpireResponse> out) {
    write(CommandTable.EXPIRE, r, out);
  }

  @Override
  public void persist(PersistRequest r, StreamObserver<PersistResponse> out) {
    write(CommandTable.PERSIST, r, out);
  }

  // ---- keys of any type

  @Override
  public void type(KeyRequest r, StreamObserver<TypeResponse> out) {
    read(CommandTable.TYPE, r, r.getRead(), out);
  }

  @Override
  public void scan(ScanRequest r, StreamObserver<ScanResponse> out) {
    read(CommandTable.SCAN, r, r.getRead(), out);
  }

  // ---- hashes

  @Override
  public void hSet(HSetRequest r, StreamObserver<CountResponse> out) {
    write(CommandTable.HSET, r, out);
  }

  @Override
  public void hGet(HGetRequest r, StreamObserver<OptionalValue> out) {
    read(CommandTable.HGET, r, r.getRead(), out);
  }

  @Override
  public void hMGet(HMGetRequest r, StreamObserver<HMGetResponse> out) {
    read(CommandTable.HMGET, r, r.getRead(), out);
  }

  @Override
  public void hGetAll(KeyRequest r, StreamObserver<HGetAllResponse> out) {
    read(CommandTable.HGETALL, r, r.getRead(), out);
  }

  @Override
  public void hDel(HDelRequest r, StreamObserver<CountResponse> out) {
    write(CommandTable.HDEL, r, out);
  }

  @Override
  public void hExists(HGetRequest r, StreamObserver<BoolResponse> out) {
    read(CommandTable.HEXISTS, r, r.getRead(), out);
  }

  @Override
  public void hLen(KeyRequest r, StreamObserver<CountResponse> out) {
    read(CommandTable.HLEN, r, r.getRead(), out);
  }

  @Override
  public void hIncrBy(HIncrByRequest r, StreamObserver<IntegerResponse> out) {
    write(CommandTable.HINCRBY, r, out);
  }

  // ---- sets

  @Override
  public void sAdd(MembersRequest r, StreamObserver<CountResponse> out) {
    write(CommandTable.SADD, r, out);
  }

  @Override
  public void sRem(MembersRequest r, StreamObserver<CountResponse> out) {
    write(CommandTable.SREM, r, out);
  }

  @Override
  public void sIsMember(MemberRequest r, StreamObserver<BoolResponse> out) {
    read(CommandTable.SISMEMBER, r, r.getRead(), out);
  }

  @Override
  public void sMembers(KeyRequest r, StreamObserver<MembersResponse> out) {
    read(CommandTable.SMEMBERS, r, r.getRead(), out);
  }

  @Override
  public void sCard(KeyRequest r, StreamObserver<CountResponse> out) {
    read(CommandTable.SCARD, r, r.getRead(), out);
  }

  @Override
  public void sInter(KeysRequest r, StreamObserver<MembersResponse> out) {
    read(CommandTable.SINTER, r, r.getRead(), out);
  }

  @Override
  public void sUnion(KeysRequest r, StreamObserver<MembersResponse> out) {
    read(CommandTable.SUNION, r, r.getRead(), out);
  }

  // ---- sorted sets

  @Override
  public void zAdd(ZAddRequest r, StreamObserver<ZAddResponse> out) {
    write(CommandTable.ZADD, r, out);
  }

  @Override
  public void zIncrBy(ZIncrByRequest r, StreamObserver<ScoreResponse> out) {
    write(CommandTable.ZINCRBY, r, out);
  }

  @Override
  public void zScore(MemberRequest r, StreamObserver<ScoreResponse> out) {
    read(CommandTable.ZSCORE, r, r.getRead(), out);
  }

  @Override
  public void zRank(ZRankRequest r, StreamObserver<ZRankResponse> out) {
    read(CommandTable.ZRANK, r, r.getRead(), out);
  }

  @Override
  public void zRange(ZRangeRequest r, StreamObserver<ZRangeResponse> out) {
    read(CommandTable.ZRANGE, r, r.getRead(), out);
  }

  @Override
  public void zRem(MembersRequest r, StreamObserver<CountResponse> out) {
    write(CommandTable.ZREM, r, out);
  }

  @Override
  public void zCard(KeyRequest r, StreamObserver<CountResponse> out) {
    read(CommandTable.ZCARD, r, r.getRead(), out);
  }

  @Override
  public void zCount(ZCountRequest r, StreamObserver<CountResponse> out) {
    read(CommandTable.ZCOUNT, r, r.getRead(), out);
  }

  // ---- invalidation feed

  @Override
  public void watch(WatchRequest r, StreamObserver<WatchResponse> out) {
    if (replies.passes(() -> validator.check(r), out)) {
      raft.feed().subscribe(r, (ServerCallStreamObserver<WatchResponse>) out);
    }
  }

  private <Q extends Message, R extends Message> void write(Command<Q, R> command, Q request,
      StreamObserver<R> out) {
    reply(executor.execute(command, request, CommandExecutor.Consistency.LINEARIZABLE), out);
  }

  private <Q extends Message, R extends Message> void read(Command<Q, R> command, Q request, ReadOptions options,
      StreamObserver<R> out) {
    CommandExecutor.Consistency consistency = options.getConsistency() == ReadConsistency.READ_CONSISTENCY_STALE
        ? CommandExecutor.Consistency.STALE : CommandExecutor.Consistency.LINEARIZABLE;
    reply(executor.execute(command, request, consistency), out);
  }

  private <R> void reply(CompletableFuture<R> result, StreamObserver<R> out) {
    result.whenComplete((value, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        replies.send(out, value);
      }
    });
  }
}
