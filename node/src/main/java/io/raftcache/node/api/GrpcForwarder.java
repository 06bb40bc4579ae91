package io.raftcache.node.api;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.command.Forwarder;
import io.raftcache.node.membership.Directory;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a write to the leader's client port as the log entry this node would have proposed
 * ({@link ForwardingService}); one channel per node, opened on first use.
 */
public final class GrpcForwarder implements Forwarder, AutoCloseable {
  /** Longer than a commit takes, shorter than the executor's deadline, so a lost call is retried. */
  private static final long ATTEMPT_TIMEOUT_MILLIS = 2_000;

  private final Directory directory;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  private final NodeTls tls;

  public GrpcForwarder(Directory directory, NodeTls tls) {
    this.directory = directory;
    this.tls = tls;
  }

  @Override
  public CompletableFuture<CommandResult> forward(LogCommand entry, String leaderId) {
    NodeConfig leader = directory.node(leaderId).orElse(null);
    if (leader == null) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL,
          "cannot forward to " + leaderId + ", which is not in the cluster file"));
    }
    ManagedChannel channel = channels.computeIfAbsent(leaderId,
        // A result may be larger than gRPC's default 4 MiB (an EXEC of large GETs, KEYS *).
        id -> tls.securePeerChannel(NettyChannelBuilder.forTarget(leader.clientEndpoint()))
            .maxInboundMessageSize(Integer.MAX_VALUE).build());
    CompletableFuture<CommandResult> answer = new CompletableFuture<>();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(ATTEMPT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    ClientCalls.asyncUnaryCall(channel.newCall(ForwardingService.WRITE, options), entry,
        new StreamObserver<CommandResult>() {
          @Override
          public void onNext(CommandResult value) {
            answer.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(failureOf(t, leaderId));
          }

          @Override
          public void onCompleted() {}
        });
    return answer;
  }
  /**
   * The leader's answer as a failure. No answer at all (unreachable, too slow) means the leader may
   * be gone: worth resending, which the retry header makes safe. Any other failure without the
   * leader's own error detail is not resent: the write may have been applied.
   */
  private static CommandFailedException failureOf(Throwable t, String leaderId) {
    Status status = Status.fromThrowable(t);
    ErrorDetail detail = t instanceof StatusRuntimeException e && e.getTrailers() != null
        ? e.getTrailers().get(Errors.DETAIL_KEY) : null;
    if (detail != null) {
      return new CommandFailedException(detail.getCode(), status.getDescription(),
          detail.getLeaderId().isEmpty() ? null : detail.getLeaderId());
    }
    boolean unanswered = status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    return new CommandFailedException(unanswered ? ErrorCode.ERROR_CODE_NO_LEADER : ErrorCode.ERROR_CODE_INTERNAL,
        "forwarding to leader " + leaderId + " failed (" + status.getCode() + " " + status.getDescription()
            + "); the write may have been applied");
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
