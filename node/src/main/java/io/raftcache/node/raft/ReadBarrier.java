package io.raftcache.node.raft;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Lets linearizable reads share Raft's confirmations that this node's state is current (ReadIndex,
 * or the leader's lease). A confirmation started after a read arrived shows the read every write
 * acknowledged before it, so one confirmation serves every read waiting when it starts; reads that
 * arrive while it is in flight wait for the next one. Under load, a node confirms once per round
 * rather than once per read.
 */
final class ReadBarrier {
  private final Supplier<CompletableFuture<?>> confirm;
  /** The confirmation the next reads wait for; not started yet. */
  private CompletableFuture<Void> next;
  private boolean inFlight;

  /** @param confirm starts one confirmation, completing once the state is current */
  ReadBarrier(Supplier<CompletableFuture<?>> confirm) {
    this.confirm = confirm;
  }

  /** Completes once the state reflects every write acknowledged before this call. */
  CompletableFuture<Void> await() {
    CompletableFuture<Void> mine;
    CompletableFuture<Void> toStart;
    synchronized (this) {
      if (next == null) {
        next = new CompletableFuture<>();
      }
      mine = next;
      toStart = takeNextIfIdle();
    }
    if (toStart != null) {
      start(toStart);
    }
    return mine;
  }

  /** The waiting confirmation, marked in flight, if none is; call holding the lock. */
  private CompletableFuture<Void> takeNextIfIdle() {
    if (inFlight || next == null) {
      return null;
    }
    CompletableFuture<Void> started = next;
    next = null;
    inFlight = true;
    return started;
  }

  private void start(CompletableFuture<Void> barrier) {
    confirm.get().whenComplete((ignored, failure) -> {
      CompletableFuture<Void> toStart;
      synchronized (this) {
        inFlight = false;
        toStart = takeNextIfIdle();
      }
      if (toStart != null) {
        start(toStart);
      }
      if (failure != null) {
        barrier.completeExceptionally(failure);
      } else {
        barrier.complete(null);
      }
    });
  }
}
