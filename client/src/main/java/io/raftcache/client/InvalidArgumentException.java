package io.raftcache.client;

/** The request breaks a rule of the API (the message names the field); it was not applied. */
public class InvalidArgumentException extends CacheException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
