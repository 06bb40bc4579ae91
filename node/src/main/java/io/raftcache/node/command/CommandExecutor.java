package io.raftcache.node.command;

import com.google.protobuf.Message;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a front end runs a command: check the request at the edge, then propose a write to
 * Raft, or answer a read once the state is confirmed current (linearizable) or at once from this
 * node's copy (stale). Every future fails with a {@link CommandFailedException} only.
 * Nothing here blocks.
 */
public final class CommandExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(CommandExecutor.class);

  /** How current a read must be; writes ignore it. */
  public enum Consistency {
    /** Reflects every write acknowledged before the read began. */
    LINEARIZABLE,
    /** This node's copy as it is: possibly behind the leader. */
    STALE
  }

  private final Replicator replicator;
  private final RequestValidator rules;

  public CommandExecutor(Replicator replicator, Limits limits) {
    this.replicator = replicator;
    this.rules = new RequestValidator(limits);
  }

  public <Q extends Message, R extends Message> CompletableFuture<R> execute(Command<Q, R> command, Q request,
      Consistency consistency) {
    try {
      command.check(rules, request);
    } catch (InvalidRequestException e) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          e.getMessage()));
    }
    if (command instanceof WriteCommand<Q, R> write) {
      return settle(replicator.write(write.entry(request)), result -> resultOf(write, result));
    }
    ReadCommand<Q, R> read = (ReadCommand<Q, R>) command;
    if (consistency == Consistency.STALE) {
      return settle(CompletableFuture.completedFuture(null), ignored -> replicator.readLocal(read, request));
    }
    return settle(replicator.awaitCurrent(), ignored -> replicator.readLocal(read, request));
  }

  private static <Q extends Message, R extends Message> R resultOf(WriteCommand<Q, R> write, CommandResult result) {
    if (result.hasError()) {
      throw new CompletionException(
          new CommandFailedException(result.getError().getCode(), result.getError().getMessage()));
    }
    return write.result(result);
  }

  /** {@code answer} applied to {@code step}'s value, every failure turned into a CommandFailedException. */
  private static <T, R> CompletableFuture<R> settle(CompletableFuture<T> step, Function<T, R> answer) {
    CompletableFuture<R> settled = new CompletableFuture<>();
    step.whenComplete((value, failure) -> {
      if (failure != null) {
        settled.completeExceptionally(failureOf(failure));
        return;
      }
      try {
        settled.complete(answer.apply(value));
      } catch (RuntimeException e) {
        settled.completeExceptionally(failureOf(e));
      }
    });
    return settled;
  }

  private static CommandFailedException failureOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof CommandFailedException known) {
      return known;
    }
    if (cause instanceof CommandRejectedException rejected) {
      return new CommandFailedException(rejected.code(), rejected.getMessage());
    }
    LOG.warn("Command failed unexpectedly", cause);
    return new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL, "internal error: " + cause);
  }
}
