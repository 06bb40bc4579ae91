package io.raftcache.node.raft;

/**
 * Told when this node can no longer be a correct member (its disk failed, or Ratis closed the
 * server under it). A node process exits, so that a supervisor restarts it from its durable state;
 * staying up would keep serving stale reads and reporting itself healthy.
 */
@FunctionalInterface
public interface FatalErrorHandler {
  void fatal(String what, Throwable cause);
}
