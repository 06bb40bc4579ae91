package io.raftcache.client;

import java.util.Optional;

/**
 * One member as it reports itself, or as unreachable.
 *
 * @param endpoint the client endpoint asked
 * @param error why the member could not be asked; empty when it answered
 * @param role LEADER, FOLLOWER, CANDIDATE, LISTENER; "DOWN" when it did not answer
 * @param digest a hash of the member's keyspace at {@code appliedIndex}: members at the same
 *     applied index with different digests have diverged
 * @param keys memory, hits, expirations and evictions; {@link KeyspaceStats#NONE} when it did not answer
 * @param inGroup a member of the Raft group; false for a node that answered but is not one (started
 *     and waiting to be added, or removed), which no cluster check counts
 */
public record MemberStatus(
    String endpoint,
    Optional<String> error,
    String nodeId,
    String zone,
    String role,
    String leaderId,
    boolean leaderReady,
    long term,
    long commitIndex,
    long appliedIndex,
    long digest,
    long keyCount,
    long snapshotIndex,
    long logStartIndex,
    KeyspaceStats keys,
    boolean inGroup) {

  /** A member of the group. */
  public MemberStatus(String endpoint, Optional<String> error, String nodeId, String zone, String role, String leaderId,
      boolean leaderReady, long term, long commitIndex, long appliedIndex, long digest, long keyCount,
      long snapshotIndex, long logStartIndex, KeyspaceStats keys) {
    this(endpoint, error, nodeId, zone, role, leaderId, leaderReady, term, commitIndex, appliedIndex, digest, keyCount,
        snapshotIndex, logStartIndex, keys, true);
  }

  /** The same status, of a node that is not a member of the group. */
  MemberStatus outsideTheGroup() {
    return new MemberStatus(endpoint, error, nodeId, zone, role, leaderId, leaderReady, term, commitIndex, appliedIndex,
        digest, keyCount, snapshotIndex, logStartIndex, keys, false);
  }

  /** The id and zone of a member that did not answer, when no member that did could name it. */
  public static final String UNKNOWN_ID = "?";

  public boolean reachable() {
    return error.isEmpty();
  }

  public boolean isLeader() {
    return "LEADER".equals(role);
  }

  static MemberStatus unreachable(String endpoint, String nodeId, String zone, String error) {
    return new MemberStatus(endpoint, Optional.of(error), nodeId, zone, "DOWN", "", false, 0, 0, 0, 0, 0, 0, 0,
        KeyspaceStats.NONE);
  }
}
