package io.raftcache.client;

/**
 * The root of every error the SDK throws. Subclasses say what happened and what to do:
 * {@link OutcomeUnknownException} (retry only if the write is idempotent or checked first),
 * {@link ClusterUnavailableException} (no leader could be reached in time),
 * {@link InvalidArgumentException} (fix the request), and the command failures
 * {@link WrongTypeException}, {@link NotAnIntegerException}, {@link IntegerOverflowException}.
 */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
