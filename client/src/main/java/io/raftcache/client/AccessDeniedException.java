package io.raftcache.client;

/**
 * The cluster refused the caller: no credentials or a wrong pair where the cluster has users
 * (UNAUTHENTICATED), or a command or key outside the user's permissions (PERMISSION_DENIED; the
 * message says which). Nothing was applied.
 */
public class AccessDeniedException extends CacheException {
  private static final long serialVersionUID = 1L;

  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
