package io.raftcache.client;

/** INCRBY would take the value past the range of a signed 64-bit integer; nothing changed. */
public class IntegerOverflowException extends CacheException {
  private static final long serialVersionUID = 1L;

  public IntegerOverflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
