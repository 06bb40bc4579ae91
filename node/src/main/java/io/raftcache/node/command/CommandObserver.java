package io.raftcache.node.command;

import io.raftcache.proto.v1.ErrorCode;

/** Told of every command a {@link CommandExecutor} finished: for metrics. Must not block. */
@FunctionalInterface
public interface CommandObserver {
  CommandObserver NONE = (command, failure, nanos) -> { };

  /**
   * @param command the command's name in the command table
   * @param failure why it failed, or null if it succeeded
   * @param nanos from the call to its answer, waits for a leader and for memory included
   */
  void completed(String command, ErrorCode failure, long nanos);
}
