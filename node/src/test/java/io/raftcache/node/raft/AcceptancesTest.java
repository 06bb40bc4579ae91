package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

class AcceptancesTest {
  private static final RaftPeerId SELF = RaftPeerId.valueOf("n1");
  private static final RaftPeerId F2 = RaftPeerId.valueOf("n2");
  private static final RaftPeerId F3 = RaftPeerId.valueOf("n3");
  private static final List<RaftPeerId> THREE = List.of(SELF, F2, F3);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Acceptances acceptances = new Acceptances(now::get);
  private final AtomicInteger heartbeats = new AtomicInteger();

  private Acceptances.Replica replica(RaftPeerId id) {
    return acceptances.startReplicating(id, () -> 0, heartbeats::incrementAndGet);
  }

  private CompletableFuture<Boolean> confirm(long since) {
    return acceptances.acceptedSince(since, SELF, THREE, List.of(), WAIT);
  }

  private void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000);
  }

  @Test
  void confirmed_onceOneOfTwoFollowersAcceptsARequestSentAfterTheConfirmationBegan() {
    Acceptances.Replica f2 = replica(F2);
    replica(F3);
    f2.sending(1);
    f2.accepted(1); // before: does not count
    advanceMillis(1);
    long since = acceptances.now();
    CompletableFuture<Boolean> confirmed = confirm(since);
    assertThat(confirmed).isNotDone();
    assertThat(heartbeats).as("every follower asked for a heartbeat at once").hasValue(2);
    f2.sending(2);
    assertThat(confirmed).as("sent, not answered").isNotDone();
    f2.accepted(2);
    assertThat(confirmed).isCompletedWithValue(true);
  }

  @Test
  void aWokenLeader_isNotConfirmedByAcceptancesFromBeforeItsPause_norByRefusals() {
    // Accepted just before the pause; on waking, its requests are refused (NOT_LEADER: never accepted).
    Acceptances.Replica f2 = replica(F2);
    Acceptances.Replica f3 = replica(F3);
    f2.sending(1);
    f3.sending(1);
    advanceMillis(2_500);
    long since = acceptances.now();
    f2.accepted(1); // a late answer to a request sent before the pause
    f3.accepted(1);
    f2.sending(2);
    f3.sending(2);
    CompletableFuture<Boolean> confirmed = acceptances.acceptedSince(since, SELF, THREE, List.of(), Duration.ofMillis(50));
    assertThat(confirmed.completeOnTimeout(null, 2, TimeUnit.SECONDS).join()).as("times out unconfirmed").isFalse();
  }

  @Test
  void anAnswerToARequestSentBeforeTheWait_asksThatFollowerForAnotherHeartbeat() {
    Acceptances.Replica f2 = replica(F2);
    replica(F3);
    f2.sending(1); // built before the wait began, sent after: Ratis then clears the trigger
    advanceMillis(1);
    long since = acceptances.now();
    CompletableFuture<Boolean> confirmed = confirm(since);
    assertThat(heartbeats).hasValue(2);
    f2.accepted(1);
    assertThat(confirmed).isNotDone();
    assertThat(heartbeats).as("asked again").hasValue(3);
  }

  @Test
  void answersToAReplacedAppender_countForNothing() {
    Acceptances.Replica old = replica(F2);
    replica(F2); // Ratis restarted the appender, or this node leads again
    long since = acceptances.now();
    old.sending(7);
    old.accepted(7);
    assertThat(confirm(since)).isNotDone();
  }

  @Test
  void membershipChange_needsAMajorityOfBothConfigurations() {
    RaftPeerId f4 = RaftPeerId.valueOf("n4");
    Acceptances.Replica f2 = replica(F2);
    long since = acceptances.now();
    f2.sending(1);
    f2.accepted(1);
    assertThat(acceptances.acceptedSince(since, SELF, THREE, List.of(SELF, F2), WAIT)).isCompletedWithValue(true);
    assertThat(acceptances.acceptedSince(since, SELF, List.of(SELF, F3, f4), THREE, Duration.ofMillis(20))
        .completeOnTimeout(null, 2, TimeUnit.SECONDS).join()).as("the new configuration: only itself").isFalse();
  }

  @Test
  void aSingleNode_isConfirmedAtOnce() {
    assertThat(acceptances.acceptedSince(acceptances.now(), SELF, List.of(SELF), List.of(), WAIT))
        .isCompletedWithValue(true);
  }

  @Test
  void lag_isEntriesNotAcknowledgedAndTimeSinceTheLastAcceptedRequest() {
    acceptances.startReplicating(F2, () -> 90, () -> { });
    Acceptances.Replica f3 = acceptances.startReplicating(F3, () -> 100, () -> { });
    f3.sending(1);
    f3.accepted(1);
    advanceMillis(40);
    assertThat(acceptances.lags(100)).containsExactly(new Acceptances.FollowerLag("n2", 10, null),
        new Acceptances.FollowerLag("n3", 0, Duration.ofMillis(40)));
  }
}
