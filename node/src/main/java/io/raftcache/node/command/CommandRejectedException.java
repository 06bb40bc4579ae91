package io.raftcache.node.command;

import io.raftcache.proto.v1.ErrorCode;

/**
 * A command that cannot be carried out on the current state (INCR on text, a wrong type). Thrown
 * before anything changes; the same on every replica, so it is replicated as a normal result.
 */
public final class CommandRejectedException extends RuntimeException {
  private final ErrorCode code;

  CommandRejectedException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
