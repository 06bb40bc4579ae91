package io.raftcache.node.raft;

import io.raftcache.node.config.NodeConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leader in the cluster's preferred zone, as a managed cache keeps its primary next to
 * the application: a leader elsewhere hands the leadership (Raft's leadership transfer, no
 * election timeout) to a voter of that zone once one has been caught up for a few checks in a
 * row, so that a node just back from a restart is not handed the leadership before it is ready.
 * Run {@link #check()} periodically on every node; only a leader acts.
 */
public final class LeaderPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderPlacement.class);
  /** Checks in a row a voter of the preferred zone must be caught up before it is handed the leadership. */
  static final int STEADY_CHECKS = 3;
  /** Caught up: this few entries behind, and heard from within this long. */
  private static final long CAUGHT_UP_ENTRIES = 100;
  private static final Duration CAUGHT_UP_HEARD = Duration.ofSeconds(1);

  private final RaftNode raft;
  private final NodeConfig self;
  private final String preferredZone;
  private String steadyCandidate;
  private int steadyChecks;

  public LeaderPlacement(RaftNode raft, NodeConfig self, String preferredZone) {
    this.raft = raft;
    this.self = self;
    this.preferredZone = preferredZone;
  }

  /** One check, which never throws (a scheduled task that throws is never run again). */
  public void check() {
    try {
      checkOnce();
    } catch (RuntimeException e) {
      LOG.warn("Checking the leader's placement failed", e);
    }
  }

  /** Not thread-safe: called from one thread. */
  private void checkOnce() {
    Optional<String> candidate = candidate();
    if (candidate.isEmpty() || !candidate.get().equals(steadyCandidate)) {
      steadyCandidate = candidate.orElse(null);
      steadyChecks = candidate.isPresent() ? 1 : 0;
      return;
    }
    if (++steadyChecks < STEADY_CHECKS) {
      return;
    }
    steadyChecks = 0;
    LOG.info("Handing the leadership to {} in the preferred zone {}", candidate.get(), preferredZone);
    raft.transferLeadership(candidate).whenComplete((leader, failure) -> {
      if (failure != null) {
        LOG.warn("Handing the leadership to {} failed: {}", candidate.get(), failure.getMessage());
      }
    });
  }

  /** While this node leads outside the preferred zone: the caught-up voter of that zone furthest along. */
  private Optional<String> candidate() {
    if (self.zone().equals(preferredZone)) {
      return Optional.empty();
    }
    Set<String> preferred = raft.directory().voters().stream().filter(n -> n.zone().equals(preferredZone))
        .map(NodeConfig::id).collect(Collectors.toSet());
    return raft.followerLags().stream()
        .filter(lag -> preferred.contains(lag.id()) && lag.entries() <= CAUGHT_UP_ENTRIES
            && lag.sinceAccepted() != null && lag.sinceAccepted().compareTo(CAUGHT_UP_HEARD) < 0)
        .min(java.util.Comparator.comparingLong(Acceptances.FollowerLag::entries))
        .map(Acceptances.FollowerLag::id);
  }
}
