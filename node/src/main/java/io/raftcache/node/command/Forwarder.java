package io.raftcache.node.command;

import com.google.protobuf.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a write to the leader when this node is a follower, over the leader's client API, and
 * completes with the leader's answer; fails with {@link CommandFailedException}.
 */
public interface Forwarder {
  /** Never forwards: a follower answers NOT_LEADER and the client goes to the leader itself. */
  Forwarder NONE = new Forwarder() {
    @Override
    public <Q extends Message, R extends Message> CompletableFuture<R> forward(WriteCommand<Q, R> command, Q request,
        String leaderId) {
      throw new UnsupportedOperationException("forwarding is off");
    }
  };

  /** @param request carries its retry header, so a resend after a leader change applies once */
  <Q extends Message, R extends Message> CompletableFuture<R> forward(WriteCommand<Q, R> command, Q request,
      String leaderId);
}
