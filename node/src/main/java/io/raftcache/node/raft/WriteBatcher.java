package io.raftcache.node.raft;

import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogBatch;
import io.raftcache.proto.internal.LogCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Group commit on the leader: writes that arrive while earlier entries are still being replicated
 * wait, and go out together as one log entry. A busy leader then appends, replicates, fsyncs and
 * applies one entry per batch rather than per write. With fewer than {@code maxInFlight} entries
 * in flight a write goes out at once, so batching adds no latency to a quiet cluster.
 *
 * <p>Each command keeps its own retry header and result: a batch is applied as its commands would
 * be one entry after another, and a failed entry fails each of its writes (the SDK retries them,
 * and the headers keep a retry from applying twice).
 */
final class WriteBatcher {
  private final Function<LogCommand, CompletableFuture<CommandResult>> replicate;
  private final int maxInFlight;
  private final int maxCommands;
  private final long maxBytes;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  private record Pending(LogCommand command, CompletableFuture<CommandResult> result) {}

  /**
   * @param replicate proposes one entry and completes with its result
   * @param maxInFlight entries this batcher keeps in flight at once
   * @param maxCommands commands per entry, at most
   * @param maxBytes serialized bytes of commands per entry, at most (a larger single command goes alone)
   */
  WriteBatcher(Function<LogCommand, CompletableFuture<CommandResult>> replicate, int maxInFlight, int maxCommands,
      long maxBytes) {
    this.replicate = replicate;
    this.maxInFlight = maxInFlight;
    this.maxCommands = maxCommands;
    this.maxBytes = maxBytes;
  }

  CompletableFuture<CommandResult> write(LogCommand command) {
    Pending pending = new Pending(command, new CompletableFuture<>());
    List<Pending> batch;
    synchronized (this) {
      waiting.add(pending);
      batch = nextBatch();
    }
    if (batch != null) {
      send(batch);
    }
    return pending.result();
  }

  /** Takes the next batch if another entry may go in flight; call holding the lock. */
  private List<Pending> nextBatch() {
    if (inFlight >= maxInFlight || waiting.isEmpty()) {
      return null;
    }
    List<Pending> batch = new ArrayList<>();
    long bytes = 0;
    while (!waiting.isEmpty() && batch.size() < maxCommands) {
      long size = waiting.peek().command().getSerializedSize();
      if (!batch.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      batch.add(waiting.poll());
      bytes += size;
    }
    inFlight++;
    return batch;
  }

  private void send(List<Pending> batch) {
    LogCommand entry = batch.size() == 1
        ? batch.get(0).command()
        : LogCommand.newBuilder()
            .setBatch(LogBatch.newBuilder().addAllCommands(batch.stream().map(Pending::command).toList()))
            .build();
    replicate.apply(entry).whenComplete((result, failure) -> {
      List<Pending> next;
      synchronized (this) {
        inFlight--;
        next = nextBatch();
      }
      complete(batch, result, failure);
      if (next != null) {
        send(next);
      }
    });
  }

  private static void complete(List<Pending> batch, CommandResult result, Throwable failure) {
    for (int i = 0; i < batch.size(); i++) {
      CompletableFuture<CommandResult> each = batch.get(i).result();
      if (failure != null) {
        each.completeExceptionally(failure);
      } else if (batch.size() > 1 && result.hasBatch() && result.getBatch().getResultsCount() == batch.size()) {
        each.complete(result.getBatch().getResults(i));
      } else {
        each.complete(result); // a single write's result, or an error that fails the whole entry
      }
    }
  }
}
