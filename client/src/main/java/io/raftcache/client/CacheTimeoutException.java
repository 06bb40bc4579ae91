package io.raftcache.client;

/**
 * The call's deadline passed before any attempt was answered. A write may or may not have been
 * applied (it is applied at most once, whatever the retries).
 */
public class CacheTimeoutException extends OutcomeUnknownException {
  private static final long serialVersionUID = 1L;

  public CacheTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
