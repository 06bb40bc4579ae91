package io.raftcache.client;

/**
 * The SDK cannot tell whether a write was applied: an attempt reached a node and no answer came
 * back in time, or the node no longer remembers the answer. Reads throwing it had no effect.
 */
public class OutcomeUnknownException extends CacheException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
