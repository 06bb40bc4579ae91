package io.raftcache.client;

/**
 * No node could carry out the call before its deadline: every node was unreachable or answered
 * that it knows no ready leader (an election is under way, or a majority of the nodes is down).
 * A write that failed this way may still be applied if an earlier attempt reached a leader that
 * lost its majority.
 */
public class ClusterUnavailableException extends CacheException {
  private static final long serialVersionUID = 1L;

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
