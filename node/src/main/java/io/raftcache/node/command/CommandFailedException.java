package io.raftcache.node.command;

import io.raftcache.proto.v1.ErrorCode;
import java.util.Optional;

/**
 * A command that did not succeed, as {@link CommandExecutor} reports it to a front end: the error
 * code (what the caller may do next), a message naming the problem, and, when another node should
 * be asked, the leader this node knows of.
 */
public final class CommandFailedException extends Exception {
  private final ErrorCode code;
  private final String leaderId;

  public CommandFailedException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public CommandFailedException(ErrorCode code, String message, String leaderId) {
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
