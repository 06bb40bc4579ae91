package io.raftcache.node.command;

import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a write to the leader when this node is a follower, and completes with the entry's result
 * there (an error result included); fails with {@link CommandFailedException} when the leader
 * could not take it.
 */
public interface Forwarder {
  /** Never forwards: a follower answers NOT_LEADER and the client goes to the leader itself. */
  Forwarder NONE = (entry, leaderId) -> {
    throw new UnsupportedOperationException("forwarding is off");
  };

  /** @param entry carries its retry header, so a resend after a leader change applies once */
  CompletableFuture<CommandResult> forward(LogCommand entry, String leaderId);
}
