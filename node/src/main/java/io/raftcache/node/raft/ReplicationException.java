package io.raftcache.node.raft;

import io.raftcache.proto.v1.ErrorCode;
import java.util.Optional;

/** Raft could not carry out a request: not the leader, no leader, overloaded, closed. */
public final class ReplicationException extends Exception {
  private final ErrorCode code;
  private final String leaderId;

  ReplicationException(ErrorCode code, String message, String leaderId) {
    super(message, null, false, false);
    this.code = code;
    this.leaderId = leaderId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The leader this node knows of, if the request should go there. */
  public Optional<String> leaderId() {
    return Optional.ofNullable(leaderId);
  }
}
