package io.raftcache.node.raft;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Whether this leader still leads, judged only from followers that accepted it: a majority
 * (counting itself) answered SUCCESS to an append or heartbeat it sent less than the lease ago.
 * A follower that answered promises not to vote for anyone else for the minimum election
 * timeout after it heard from this leader (Ratis withholds votes while its leader is active), so
 * no other leader can have been elected yet.
 *
 * <p>Why not Ratis's own check: Ratis 3.3.0 (and its master, 2026-12) renews its lease from
 * the send time of any reply, a follower's NOT_LEADER included, before it steps down; and without
 * a lease it skips the confirmation round for a read index a majority acknowledged once. A leader
 * that wakes from a pause (SIGSTOP, a long GC) after the others elected a new one therefore
 * answers linearizable reads from its stale copy for the tens of milliseconds until it steps
 * down. The chaos suite's leader pause caught it (one stale read in about 40 pauses).
 *
 * <p>Fed by {@link ReplicationRpc}'s appender: each request's call id and send time, then each
 * successful reply's call id. The same record tells how far behind each follower is.
 */
public final class MajorityLease {
  private final long leaseNanos;
  private final LongSupplier nanoTime;
  private final Map<RaftPeerId, Follower> followers = new ConcurrentHashMap<>();

  /** What one follower acknowledged: the send time of the latest request it accepted. */
  private static final class Follower {
    final LongSupplier matchIndex;
    /** Requests sent and not answered yet, by call id (which grows with time): their send time. */
    final ConcurrentSkipListMap<Long, Long> unanswered = new ConcurrentSkipListMap<>();
    volatile long acceptedSentAt = Long.MIN_VALUE;

    Follower(LongSupplier matchIndex) {
      this.matchIndex = matchIndex;
    }
  }

  /**
   * How far a follower is behind this leader: entries it has not acknowledged, and the time
   * since the request it last accepted was sent (null if it accepted none).
   */
  public record FollowerLag(String id, long entries, Duration sinceAccepted) {}

  /** @param lease how long an acknowledgement counts; shorter than the minimum election timeout */
  public MajorityLease(Duration lease) {
    this(lease, System::nanoTime);
  }

  MajorityLease(Duration lease, LongSupplier nanoTime) {
    this.leaseNanos = lease.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * This node (newly leading, or restarting an appender) replicates to {@code follower} afresh;
   * {@code matchIndex} is the last entry it is known to hold.
   */
  void startReplicating(RaftPeerId follower, LongSupplier matchIndex) {
    followers.put(follower, new Follower(matchIndex));
  }

  /** Each follower's lag behind {@code lastIndex}, this leader's last log entry; meaningful while it leads. */
  List<FollowerLag> lags(long lastIndex) {
    long now = nanoTime.getAsLong();
    return followers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(RaftPeerId::toString)))
        .map(e -> new FollowerLag(e.getKey().toString(), Math.max(0, lastIndex - e.getValue().matchIndex.getAsLong()),
            e.getValue().acceptedSentAt == Long.MIN_VALUE ? null : Duration.ofNanos(now - e.getValue().acceptedSentAt)))
        .toList();
  }

  /** A request about to go to {@code follower}; the time is taken before it is sent. */
  void sending(RaftPeerId follower, long callId) {
    Follower f = followers.get(follower);
    if (f == null) {
      return;
    }
    long now = nanoTime.getAsLong();
    // Requests never answered (a follower down) stop mattering once older than the lease.
    for (var oldest = f.unanswered.firstEntry(); oldest != null && now - oldest.getValue() > leaseNanos;
        oldest = f.unanswered.firstEntry()) {
      f.unanswered.remove(oldest.getKey(), oldest.getValue());
    }
    f.unanswered.putIfAbsent(callId, now);
  }

  /** {@code follower} answered the request {@code callId} with SUCCESS: it accepted this leader's term. */
  void accepted(RaftPeerId follower, long callId) {
    Follower f = followers.get(follower);
    if (f == null) {
      return;
    }
    Long sentAt = f.unanswered.get(callId);
    f.unanswered.headMap(callId, true).clear();
    if (sentAt != null && sentAt > f.acceptedSentAt) {
      f.acceptedSentAt = sentAt;
    }
  }

  /**
   * Whether a majority of {@code voters} (this node among them, counted as accepting itself)
   * accepted a request sent within the lease; with {@code previousVoters} not empty (a
   * membership change), a majority of those too.
   */
  public boolean held(RaftPeerId self, Collection<RaftPeerId> voters, Collection<RaftPeerId> previousVoters) {
    long now = nanoTime.getAsLong();
    return majorityAccepted(self, voters, now) && (previousVoters.isEmpty() || majorityAccepted(self, previousVoters, now));
  }

  private boolean majorityAccepted(RaftPeerId self, Collection<RaftPeerId> voters, long now) {
    long accepted = voters.stream().filter(id -> id.equals(self) || recentlyAccepted(id, now)).count();
    return accepted > voters.size() / 2;
  }

  private boolean recentlyAccepted(RaftPeerId follower, long now) {
    Follower f = followers.get(follower);
    return f != null && f.acceptedSentAt != Long.MIN_VALUE && now - f.acceptedSentAt < leaseNanos;
  }
}
