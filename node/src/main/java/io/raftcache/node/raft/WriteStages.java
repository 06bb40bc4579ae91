package io.raftcache.node.raft;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where a leader's write spends its time, stage by stage, for the per-stage latency histograms:
 *
 * <ul>
 *   <li>{@code handoff}: from {@link RaftNode} taking the entry to the proposer thread handing it
 *       to Ratis;
 *   <li>{@code replicate}: from there to the state machine starting to apply it (Ratis's submit,
 *       the leader's log append and fsync, the followers' round trips, the commit, the apply
 *       thread waking);
 *   <li>{@code apply}: the state machine applying it (memory and the RocksDB batch);
 *   <li>{@code reply}: from the end of the apply to Ratis completing the proposal's future.
 * </ul>
 *
 * The apply thread records its times by log index in a small ring, and the proposal's completion
 * finds them there by the index of its reply; a time overwritten before it is read (more than
 * {@link #SLOTS} entries applied in between) is skipped, not guessed.
 */
public final class WriteStages {
  /** Receives one stage's duration. */
  public interface Observer {
    void observe(String stage, long nanos);
  }

  private static final int SLOTS = 1024;
  private static final Observer NONE = (stage, nanos) -> {};

  private final AtomicLongArray indexes = new AtomicLongArray(SLOTS);
  private final AtomicLongArray applyStarts = new AtomicLongArray(SLOTS);
  private final AtomicLongArray applyEnds = new AtomicLongArray(SLOTS);
  private volatile Observer observer = NONE;

  void observeWith(Observer observer) {
    this.observer = observer;
  }

  /** On the apply thread, once an entry is applied. */
  void applied(long index, long startNanos, long endNanos) {
    int slot = (int) (index % SLOTS);
    indexes.set(slot, -1); // a reader that sees -1 skips the slot while it is rewritten
    applyStarts.set(slot, startNanos);
    applyEnds.set(slot, endNanos);
    indexes.set(slot, index);
  }

  /** Once Ratis has completed the proposal of the entry at {@code index}. */
  void replied(long index, long takenNanos, long proposedNanos, long repliedNanos) {
    Observer to = observer;
    to.observe("handoff", proposedNanos - takenNanos);
    int slot = (int) (index % SLOTS);
    if (index <= 0 || indexes.get(slot) != index) {
      return;
    }
    long start = applyStarts.get(slot);
    long end = applyEnds.get(slot);
    if (indexes.get(slot) != index) {
      return;
    }
    to.observe("replicate", start - proposedNanos);
    to.observe("apply", end - start);
    to.observe("reply", repliedNanos - end);
  }
}
