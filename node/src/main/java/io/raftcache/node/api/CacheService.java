package io.raftcache.node.api;

import io.grpc.stub.StreamObserver;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ReadQuery;
import io.raftcache.proto.internal.ReadResult;
import io.raftcache.proto.v1.CacheGrpc;
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
      replies.send(out, answer.apply(raft.readStale(query.build())));
      return;
    }
    raft.readLinearizable(query.build()).whenComplete((result, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        replies.send(out, answer.apply(result));
      }
    });
  }
}
