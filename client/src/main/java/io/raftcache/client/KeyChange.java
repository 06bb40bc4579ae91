package io.raftcache.client;

/** A change to a key, as the invalidation feed reports it. */
public record KeyChange(Type type, String key) {
  public enum Type {
    /** Written: SET, INCRBY, a member added or removed, a TTL given or removed. */
    SET,
    /** Deleted by a command. */
    DELETED,
    /** Removed at its deadline. */
    EXPIRED,
    /** Evicted by the leader to keep the keys inside max_memory_bytes. */
    EVICTED
  }
}
