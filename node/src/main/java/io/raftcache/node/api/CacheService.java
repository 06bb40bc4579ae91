package io.raftcache.node.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.raftcache.node.auth.Category;
import io.raftcache.node.command.Command;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.CommandExecutor.Consistency;
import java.util.concurrent.CompletionException;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.command.CommandTable;
import io.raftcache.node.command.ReadCommand;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.command.WriteCommand;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.ReadConsistency;
import io.raftcache.proto.v1.ReadOptions;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The client API over gRPC. Each unary method of the {@code Cache} service is the row of {@link
 * CommandTable} with its name (lower case): decode, hand to the {@link CommandExecutor}, send what
 * comes back; a read's {@code read} field picks its consistency. The Watch stream goes to the
 * change feed. Nothing here blocks: replies go out from the thread that completes the future.
 */
final class CacheService {
  private final CommandExecutor executor;
  private final RaftNode raft;
  private final RequestValidator validator;
  private final Replies replies;
  private final Callers callers;

  CacheService(CommandExecutor executor, RaftNode raft, RequestValidator validator, Replies replies, Callers callers) {
    this.executor = executor;
    this.raft = raft;
    this.validator = validator;
    this.replies = replies;
    this.callers = callers;
  }

  /** The service, every method bound; fails if a unary method has no row in the table. */
  ServerServiceDefinition definition() {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(CacheGrpc.getServiceDescriptor());
    for (MethodDescriptor<?, ?> method : CacheGrpc.getServiceDescriptor().getMethods()) {
      if (method.equals(CacheGrpc.getWatchMethod())) {
        service.addMethod(CacheGrpc.getWatchMethod(), ServerCalls.asyncServerStreamingCall(this::watch));
      } else {
        service.addMethod(unary(method));
      }
    }
    return callers.intercept(service.build());
  }

  /** The row a unary method runs: the table's command named as the method is, in lower case. */
  static Command<?, ?> commandOf(MethodDescriptor<?, ?> method) {
    String name = method.getBareMethodName().toLowerCase(Locale.ROOT);
    Command<?, ?> command = CommandTable.named(name);
    if (command == null) {
      throw new IllegalStateException("gRPC method " + method.getFullMethodName() + " has no command '" + name + "'");
    }
    return command;
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, R extends Message> ServerMethodDefinition<Q, R> unary(
      MethodDescriptor<?, ?> untyped) {
    MethodDescriptor<Q, R> method = (MethodDescriptor<Q, R>) untyped;
    Command<Q, R> command = (Command<Q, R>) commandOf(method);
    Q prototype = ((MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller()).getMessagePrototype();
    FieldDescriptor readOptions = prototype.getDescriptorForType().findFieldByName("read");
    Category category = Category.of(command.name(), command instanceof WriteCommand, command instanceof ReadCommand);
    boolean wholeKeyspace = Category.reachesEveryKey(command.name());
    return ServerMethodDefinition.create(method, ServerCalls.asyncUnaryCall((request, out) ->
        reply(callers.current().thenCompose(user -> {
          Callers.requirePermission(user, command.name(), category, () -> command.keys(request), wholeKeyspace);
          Consistency consistency = consistency(request, readOptions);
          if (consistency == Consistency.STALE) {
            requireFreshEnough((ReadOptions) request.getField(readOptions));
          }
          return executor.execute(command, request, consistency);
        }), out)));
  }

  /** A stale read's bound: refused here, so that the client asks another node, if this copy is too old. */
  private void requireFreshEnough(ReadOptions read) {
    if (read.getMaxStalenessMs() == 0) {
      return;
    }
    long staleness = raft.stalenessMillis();
    if (staleness > read.getMaxStalenessMs()) {
      throw new CompletionException(new CommandFailedException(ErrorCode.ERROR_CODE_TOO_STALE, "this node's copy may be "
          + (staleness == Long.MAX_VALUE ? "any time" : staleness + " ms") + " behind the leader, more than the read's"
          + " max_staleness_ms " + read.getMaxStalenessMs()));
    }
  }

  private static Consistency consistency(Message request, FieldDescriptor readOptions) {
    boolean stale = readOptions != null
        && ((ReadOptions) request.getField(readOptions)).getConsistency() == ReadConsistency.READ_CONSISTENCY_STALE;
    return stale ? Consistency.STALE : Consistency.LINEARIZABLE;
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

  /** A watch shows the user only the keys it may read; it starts once the caller has logged in. */
  private void watch(WatchRequest request, StreamObserver<WatchResponse> out) {
    if (replies.passes(() -> validator.check(request), out)) {
      raft.feed().subscribe(request, callers.current().thenApply(user -> {
        Callers.requirePermission(user, "watch", Category.READ, List::of, false);
        return user::mayTouch;
      }), (ServerCallStreamObserver<WatchResponse>) out);
    }
  }
}
