package io.raftcache.node.api;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftcache.node.command.InvalidRequestException;
import io.raftcache.node.membership.Directory;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes unary calls: a value, or an error status that names what went wrong and, when this
 * node is not the leader, where the leader's client API is.
 */
final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final Directory directory;

  Replies(Directory directory) {
    this.directory = directory;
  }

  /** A check that throws {@link InvalidRequestException} for a bad request. */
  @FunctionalInterface
  interface Validation {
    void run() throws InvalidRequestException;
  }

  /** Runs {@code validation}; on failure answers INVALID_ARGUMENT and returns false. */
  boolean passes(Validation validation, StreamObserver<?> out) {
    try {
      validation.run();
      return true;
    } catch (InvalidRequestException e) {
      fail(out, Errors.of(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, e.getMessage()));
      return false;
    }
  }

  <T> void send(StreamObserver<T> out, T value) {
    try {
      out.onNext(value);
      out.onCompleted();
    } catch (StatusRuntimeException | IllegalStateException callGone) {
      LOG.debug("Reply dropped: the call was already cancelled", callGone);
    }
  }

  void fail(StreamObserver<?> out, Throwable failure) {
    StatusRuntimeException status = toStatus(failure);
    try {
      out.onError(status);
    } catch (StatusRuntimeException | IllegalStateException callGone) {
      LOG.debug("Error reply dropped: the call was already cancelled", callGone);
    }
  }

  private StatusRuntimeException toStatus(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof StatusRuntimeException status) {
      return status;
    }
    if (cause instanceof CommandFailedException e) {
      ErrorDetail.Builder detail = ErrorDetail.newBuilder().setCode(e.code());
      e.leaderId().ifPresent(id -> {
        detail.setLeaderId(id);
        directory.node(id).map(NodeConfig::clientEndpoint).ifPresent(detail::setLeaderEndpoint);
      });
      return Errors.of(detail.build(), e.getMessage());
    }
    LOG.warn("Request failed unexpectedly", cause);
    return Errors.of(ErrorCode.ERROR_CODE_INTERNAL, "internal error: " + cause);
  }
}
