package io.raftcache.client;

/** The key holds a kind of value the command does not apply to; nothing changed. */
public class WrongTypeException extends CacheException {
  private static final long serialVersionUID = 1L;

  public WrongTypeException(String message, Throwable cause) {
    super(message, cause);
  }
}
