package io.raftcache.node.raft;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * What each follower accepted of this leader's requests: the send time of the latest one it
 * answered with SUCCESS, which it does only in this leader's term. A majority (this node counted)
 * that accepted requests sent at or after a moment proves this node still led then: any other
 * leader needs the votes of a majority, and a follower that voted in a later term refuses this
 * one's requests. That is Raft's ReadIndex check, made here because Ratis's is unsound.
 *
 * <p>Ratis 3.3.0 (and its master, 2026-12) renews its leader lease from the send time of any
 * reply, a follower's NOT_LEADER included, before it steps down; and without a lease it skips the
 * confirmation round for a read index a majority acknowledged once. A leader woken from a pause
 * (SIGSTOP, a long GC) after the others elected a new one therefore answered linearizable reads
 * from its stale copy until it stepped down: the chaos suite's leader pause caught it. No lease
 * of our own replaces it: Ratis's followers withhold their vote from a candidate only at the
 * pre-vote, so a follower that granted a pre-vote during the pause can accept the woken leader's
 * heartbeat and then still vote for the candidate, which a lease cannot survive.
 *
 * <p>Fed by {@link ReplicationRpc}: the appender tells each request's call id before it builds
 * it, the leader state each SUCCESS reply's call id. The same record tells how far behind each
 * follower is.
 */
public final class Acceptances {
  /** How long a request's send time is kept waiting for its answer. */
  private static final long KEEP_UNANSWERED_NANOS = Duration.ofSeconds(5).toNanos();

  private final LongSupplier nanoTime;
  private final Map<RaftPeerId, Replica> replicas = new ConcurrentHashMap<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  /**
   * How far a follower is behind this leader: entries it has not acknowledged, and the time
   * since the request it last accepted was sent (null if it accepted none).
   */
  public record FollowerLag(String id, long entries, Duration sinceAccepted) {}

  /** A confirmation waiting for a majority to accept requests sent at or after {@code sinceNanos}. */
  private record Waiter(long sinceNanos, RaftPeerId self, Collection<RaftPeerId> voters,
      Collection<RaftPeerId> previousVoters, CompletableFuture<Boolean> confirmed) {}

  public Acceptances() {
    this(System::nanoTime);
  }

  Acceptances(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The clock send times are taken by. */
  public long now() {
    return nanoTime.getAsLong();
  }

  /** What one appender sent a follower and what the follower accepted. */
  final class Replica {
    private final RaftPeerId id;
    private final LongSupplier matchIndex;
    private final Runnable heartbeat;
    /** Requests sent and not answered yet, by call id (which grows with time): their send time. */
    private final ConcurrentSkipListMap<Long, Long> unanswered = new ConcurrentSkipListMap<>();
    private volatile long acceptedSentAt = Long.MIN_VALUE;

    private Replica(RaftPeerId id, LongSupplier matchIndex, Runnable heartbeat) {
      this.id = id;
      this.matchIndex = matchIndex;
      this.heartbeat = heartbeat;
    }

    /** A request about to be built for the follower; the time is taken first: no later than it is sent. */
    void sending(long callId) {
      long now = nanoTime.getAsLong();
      for (var oldest = unanswered.firstEntry(); oldest != null && now - oldest.getValue() > KEEP_UNANSWERED_NANOS;
          oldest = unanswered.firstEntry()) {
        unanswered.remove(oldest.getKey(), oldest.getValue()); // never answered: the follower is down
      }
      unanswered.putIfAbsent(callId, now);
    }

    /** The follower answered request {@code callId} with SUCCESS. */
    void accepted(long callId) {
      Long sentAt = unanswered.get(callId);
      unanswered.headMap(callId, true).clear();
      if (sentAt == null) {
        return;
      }
      synchronized (this) { // the append and heartbeat streams answer on different threads
        if (sentAt > acceptedSentAt) {
          acceptedSentAt = sentAt;
        }
      }
      if (replicas.get(id) != this) { // a replaced appender's late answers count for nothing
        return;
      }
      for (Waiter w : waiters) {
        completeIfConfirmed(w);
        // An answer to a request sent before the wait began: the heartbeat asked for may have
        // been lost (Ratis clears its trigger when it sends a request built before it was set).
        if (!w.confirmed().isDone() && sentAt - w.sinceNanos() < 0) {
          heartbeat.run();
        }
      }
    }
  }

  /**
   * A new appender replicates to {@code follower} (on leading, or when Ratis restarts one): what
   * the previous one saw is forgotten. {@code matchIndex} is the last entry it is known to hold;
   * {@code heartbeat} makes the appender send a heartbeat now.
   */
  Replica startReplicating(RaftPeerId follower, LongSupplier matchIndex, Runnable heartbeat) {
    Replica replica = new Replica(follower, matchIndex, heartbeat);
    replicas.put(follower, replica);
    return replica;
  }

  /**
   * Completes with true once a majority of {@code voters} (with {@code previousVoters} not
   * empty, a membership change, of those too; {@code self} counts as accepting) accepted requests
   * sent at or after {@code sinceNanos}, asking every follower for a heartbeat so that it need not
   * wait for the next one; with false after {@code timeout}.
   */
  public CompletableFuture<Boolean> acceptedSince(long sinceNanos, RaftPeerId self, Collection<RaftPeerId> voters,
      Collection<RaftPeerId> previousVoters, Duration timeout) {
    Waiter waiter = new Waiter(sinceNanos, self, List.copyOf(voters), List.copyOf(previousVoters),
        new CompletableFuture<>());
    waiters.add(waiter);
    waiter.confirmed().whenComplete((done, failure) -> waiters.remove(waiter));
    completeIfConfirmed(waiter);
    if (!waiter.confirmed().isDone()) {
      replicas.values().forEach(r -> r.heartbeat.run());
      waiter.confirmed().completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    return waiter.confirmed();
  }

  private void completeIfConfirmed(Waiter w) {
    if (majorityAccepted(w.self(), w.voters(), w.sinceNanos())
        && (w.previousVoters().isEmpty() || majorityAccepted(w.self(), w.previousVoters(), w.sinceNanos()))) {
      w.confirmed().complete(true);
    }
  }

  private boolean majorityAccepted(RaftPeerId self, Collection<RaftPeerId> voters, long sinceNanos) {
    long accepted = voters.stream().filter(id -> id.equals(self) || acceptedSince(id, sinceNanos)).count();
    return accepted > voters.size() / 2;
  }

  private boolean acceptedSince(RaftPeerId follower, long sinceNanos) {
    Replica r = replicas.get(follower);
    return r != null && r.acceptedSentAt != Long.MIN_VALUE && r.acceptedSentAt - sinceNanos >= 0;
  }

  /** Each follower's lag behind {@code lastIndex}, this leader's last log entry; meaningful while it leads. */
  List<FollowerLag> lags(long lastIndex) {
    long now = nanoTime.getAsLong();
    return replicas.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(RaftPeerId::toString)))
        .map(e -> new FollowerLag(e.getKey().toString(), Math.max(0, lastIndex - e.getValue().matchIndex.getAsLong()),
            e.getValue().acceptedSentAt == Long.MIN_VALUE ? null : Duration.ofNanos(now - e.getValue().acceptedSentAt)))
        .toList();
  }
}
