package io.raftcache.node.command;

import com.google.protobuf.Message;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import java.util.concurrent.CompletableFuture;

/** What {@link CommandExecutor} needs of Raft; the node's Raft wiring provides it. */
public interface Replicator {
  /**
   * Replicates an entry (group-committed with others) and completes with its result once a
   * majority has it in an fsync'd log and this node has applied it; fails with {@link
   * CommandFailedException} if this node is not the leader or cannot reach a majority.
   */
  CompletableFuture<CommandResult> write(LogCommand entry);

  /**
   * Completes once this node's state reflects every write acknowledged before the call (one Raft
   * confirmation shared by the reads waiting for it); fails as {@link #write} does.
   */
  CompletableFuture<?> awaitCurrent();

  /** What the keys take on this node by the memory model (every replica agrees once caught up). */
  long usedMemory();

  /** How many keys on this node have a TTL: what the volatile eviction policies may take. */
  long keysWithTtl();

  /** Whether this node leads and may propose: the memory limit is judged there only. */
  boolean isLeaderReady();

  /** Whether {@code entry} retries a request already applied (its result is kept): never refused for memory. */
  boolean isRetryOfApplied(LogCommand entry);

  /** Runs a read on this node's state as it is now, at this node's clock. */
  <Q extends Message, R extends Message> R readLocal(ReadCommand<Q, R> command, Q request);
}
