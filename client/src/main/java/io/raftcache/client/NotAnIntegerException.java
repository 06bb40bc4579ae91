package io.raftcache.client;

/** INCRBY on a value that is not a 64-bit decimal integer; nothing changed. */
public class NotAnIntegerException extends CacheException {
  private static final long serialVersionUID = 1L;

  public NotAnIntegerException(String message, Throwable cause) {
    super(message, cause);
  }
}
