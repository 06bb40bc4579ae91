package io.raftcache.node.command;

import com.google.protobuf.Message;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.WriteHeader;
import io.raftcache.proto.v1.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a front end runs a command: check the request at the edge, then propose a write to
 * Raft, or answer a read once the state is confirmed current (linearizable) or at once from this
 * node's copy (stale). Every future fails with a {@link CommandFailedException} only.
 * Nothing here blocks.
 *
 * <p>With a {@link Forwarder}, a write that reaches a follower is sent on to the leader, and one
 * that finds no leader is tried again, for up to {@link #FORWARDING_DEADLINE}, as is a
 * linearizable read that finds none: the front end's client then needs to know only one node. Such writes must carry a retry header, so that every
 * attempt is applied at most once.
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

  /** How long a forwarding executor keeps trying a write through leader changes. */
  public static final Duration FORWARDING_DEADLINE = Duration.ofSeconds(5);
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 200;
  private static final CommandFailedException OUT_OF_MEMORY = new CommandFailedException(
      ErrorCode.ERROR_CODE_OUT_OF_MEMORY, "out of memory: the keys take max_memory_bytes and this write would take more");

  private final Replicator replicator;
  private final RequestValidator rules;
  private final Forwarder forwarder;
  private final int maxEntryBytes;
  private final MemoryLimit memory;
  private final OutOfMemoryLog outOfMemoryLog;
  private final CommandObserver observer;

  /** An executor whose followers answer writes with NOT_LEADER and the leader's id. */
  public CommandExecutor(Replicator replicator, Limits limits, MemoryLimit memory, CommandObserver observer) {
    this(replicator, limits, memory, observer, Forwarder.NONE);
  }

  public CommandExecutor(Replicator replicator, Limits limits, MemoryLimit memory, CommandObserver observer,
      Forwarder forwarder) {
    this.replicator = replicator;
    this.rules = new RequestValidator(limits);
    this.maxEntryBytes = limits.maxEntryBytes();
    this.memory = memory;
    this.outOfMemoryLog = new OutOfMemoryLog(memory);
    this.observer = observer;
    this.forwarder = forwarder;
  }

  /** Runs {@code command}; a write's retry header, if any, is the one inside its request. */
  public <Q extends Message, R extends Message> CompletableFuture<R> execute(Command<Q, R> command, Q request,
      Consistency consistency) {
    return execute(command, request, consistency, null);
  }

  /**
   * Runs {@code command}; a write carries {@code header} (when not null) as its retry header, which
   * a forwarding executor needs so that a resent write is applied once.
   */
  public <Q extends Message, R extends Message> CompletableFuture<R> execute(Command<Q, R> command, Q request,
      Consistency consistency, WriteHeader header) {
    long started = System.nanoTime();
    CompletableFuture<R> answer = run(command, request, consistency, header);
    answer.whenComplete((ignored, failure) -> observer.completed(command.name(),
        failure == null ? null : failureOf(failure).code(), System.nanoTime() - started));
    return answer;
  }

  private <Q extends Message, R extends Message> CompletableFuture<R> run(Command<Q, R> command, Q request,
      Consistency consistency, WriteHeader header) {
    try {
      command.check(rules, request);
    } catch (InvalidRequestException e) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          e.getMessage()));
    }
    if (command instanceof WriteCommand<Q, R> write) {
      LogCommand entry = header == null ? write.entry(request) : write.entry(request).toBuilder().setHeader(header).build();
      if (entry.getSerializedSize() > maxEntryBytes) {
        return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
            write.name() + ": " + entry.getSerializedSize() + " bytes exceed the node's request limit ("
                + maxEntryBytes + ")"));
      }
      CompletableFuture<CommandResult> result = memoryFor(entry).thenCompose(ignored ->
          forwarder == Forwarder.NONE ? replicator.write(entry) : writeAnywhere(entry));
      return settle(result, r -> resultOf(write, r));
    }
    ReadCommand<Q, R> read = (ReadCommand<Q, R>) command;
    if (consistency == Consistency.STALE) {
      return settle(CompletableFuture.completedFuture(null), ignored -> replicator.readLocal(read, request));
    }
    // A front end with a forwarder serves clients that know one node: a read waits out an election too.
    CompletableFuture<?> current = forwarder == Forwarder.NONE ? replicator.awaitCurrent()
        : untilLeader(replicator::awaitCurrent, System.nanoTime() + FORWARDING_DEADLINE.toNanos(), FIRST_BACKOFF_MILLIS);
    return settle(current, ignored -> replicator.readLocal(read, request));
  }

  /**
   * An entry proposed here if this node leads, else forwarded to the leader; again after a pause
   * while there is none. Completes with the entry's result, or fails with a CommandFailedException.
   */
  private CompletableFuture<CommandResult> writeAnywhere(LogCommand entry) {
    return untilLeader(() -> replicator.write(entry).exceptionallyCompose(failure -> {
      CommandFailedException here = failureOf(failure);
      return here.code() == ErrorCode.ERROR_CODE_NOT_LEADER && here.leaderId().isPresent()
          ? forwarder.forward(entry, here.leaderId().get())
          : CompletableFuture.failedFuture(here);
    }), System.nanoTime() + FORWARDING_DEADLINE.toNanos(), FIRST_BACKOFF_MILLIS);
  }

  /** {@code attempt}, made again after a growing pause while it fails for want of a leader, until the deadline. */
  private static <T> CompletableFuture<T> untilLeader(Supplier<CompletableFuture<T>> attempt, long deadline,
      long backoffMillis) {
    return attempt.get().exceptionallyCompose(failure -> {
      CommandFailedException failed = failureOf(failure);
      boolean leaderless = failed.code() == ErrorCode.ERROR_CODE_NOT_LEADER
          || failed.code() == ErrorCode.ERROR_CODE_NO_LEADER;
      return leaderless ? afterPause(deadline, backoffMillis, failed, next -> untilLeader(attempt, deadline, next))
          : CompletableFuture.failedFuture(failed);
    });
  }

  /**
   * {@code again} with the next, doubled, backoff once {@code backoffMillis} have passed; fails with
   * {@code giveUp} instead if that pause would end past {@code deadline}.
   */
  private static <T> CompletableFuture<T> afterPause(long deadline, long backoffMillis, CommandFailedException giveUp,
      LongFunction<CompletableFuture<T>> again) {
    if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
      return CompletableFuture.failedFuture(giveUp);
    }
    Executor later = CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> null, later)
        .thenCompose(ignored -> again.apply(Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS)));
  }

  /**
   * A write forwarded here by another node, as a log entry: checked as the state machine will
   * check it, then proposed. Completes with the entry's result, errors included.
   */
  public CompletableFuture<CommandResult> executeForwarded(LogCommand entry) {
    WriteCommand<?, ?> command = CommandTable.of(entry);
    if (command == null || command.internal()) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "command: a forwarded entry must hold one client command"));
    }
    try {
      rules.check(entry.getHeader());
      checkRequest(command, entry);
    } catch (InvalidRequestException e) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          e.getMessage()));
    }
    return settle(memoryFor(entry).thenCompose(ignored -> replicator.write(entry)), r -> r);
  }

  /**
   * Completes when the memory limit lets {@code entry} be proposed, or fails with OUT_OF_MEMORY: a
   * write that would grow memory fails at once at the limit under noeviction (or with nothing to
   * evict), and past the hard overshoot it waits for eviction to catch up, failing if it has not.
   * Decided by the leader before proposing (a write forwarded to it included), never when
   * applying: so every replica applies every entry alike, whatever its file says.
   */
  private CompletableFuture<Void> memoryFor(LogCommand entry) {
    // A follower's copy may lag (a DEL not applied yet); the leader judges, and a retry of an
    // applied request is answered from its session, so it must not be refused.
    if (!memory.limited() || !CommandTable.growsMemory(entry) || !replicator.isLeaderReady()
        || replicator.isRetryOfApplied(entry)) {
      return CompletableFuture.completedFuture(null);
    }
    return memoryFor(System.nanoTime() + MemoryLimit.EVICTION_WAIT.toNanos(), FIRST_BACKOFF_MILLIS)
        .whenComplete((ignored, failure) -> {
          if (failure == OUT_OF_MEMORY || failure instanceof CompletionException && failure.getCause() == OUT_OF_MEMORY) {
            outOfMemoryLog.refused(replicator.usedMemory());
          }
        });
  }

  private CompletableFuture<Void> memoryFor(long deadline, long backoffMillis) {
    long used = replicator.usedMemory();
    if (memory.refusesGrowthAt(used, replicator.keysWithTtl())) {
      return CompletableFuture.failedFuture(OUT_OF_MEMORY);
    }
    if (!memory.holdsGrowthAt(used)) {
      return CompletableFuture.completedFuture(null);
    }
    return afterPause(deadline, backoffMillis, OUT_OF_MEMORY, next -> memoryFor(deadline, next));
  }

  private <Q extends Message> void checkRequest(WriteCommand<Q, ?> command, LogCommand entry)
      throws InvalidRequestException {
    command.check(rules, command.request(entry));
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

  /** The CommandFailedException {@code failure} is or wraps; any other failure as an internal error. */
  public static CommandFailedException failureOf(Throwable failure) {
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
