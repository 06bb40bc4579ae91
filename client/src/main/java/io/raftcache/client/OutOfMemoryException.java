package io.raftcache.client;

/**
 * The cluster's keys take its memory limit ({@code max_memory_bytes}) and this write would take
 * more (under {@code noeviction}, or with nothing left to evict); nothing changed. Reads, deletes
 * and TTL changes still work, and writes do again once memory is freed.
 */
public class OutOfMemoryException extends CacheException {
  private static final long serialVersionUID = 1L;

  public OutOfMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
