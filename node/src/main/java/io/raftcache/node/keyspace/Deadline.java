package io.raftcache.node.keyspace;

/** When a key expires; ordered by time, then key, so the earliest deadlines come first. */
public record Deadline(long expiresAtMillis, Key key) implements Comparable<Deadline> {
  @Override
  public int compareTo(Deadline other) {
    int byTime = Long.compare(expiresAtMillis, other.expiresAtMillis);
    return byTime != 0 ? byTime : key.compareTo(other.key);
  }
}
