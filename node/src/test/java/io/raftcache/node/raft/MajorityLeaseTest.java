package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

class MajorityLeaseTest {
  private static final RaftPeerId SELF = RaftPeerId.valueOf("n1");
  private static final RaftPeerId F2 = RaftPeerId.valueOf("n2");
  private static final RaftPeerId F3 = RaftPeerId.valueOf("n3");
  private static final List<RaftPeerId> THREE = List.of(SELF, F2, F3);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MajorityLease lease = new MajorityLease(Duration.ofMillis(270), now::get);

  private void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000);
  }

  private boolean held() {
    return lease.held(SELF, THREE, List.of());
  }

  @Test
  void noLease_untilAFollowerAcceptedARequest() {
    lease.startReplicating(F2, () -> 0);
    lease.startReplicating(F3, () -> 0);
    assertThat(held()).isFalse();
    lease.sending(F2, 1);
    assertThat(held()).as("sent, not answered").isFalse();
    lease.accepted(F2, 1);
    assertThat(held()).as("itself and one of two followers").isTrue();
  }

  @Test
  void lease_countsFromWhenTheAcceptedRequestWasSent() {
    lease.startReplicating(F2, () -> 0);
    lease.sending(F2, 1);
    advanceMillis(200); // a slow answer
    lease.accepted(F2, 1);
    assertThat(held()).isTrue();
    advanceMillis(69);
    assertThat(held()).isTrue();
    advanceMillis(2);
    assertThat(held()).as("271 ms after the request was sent").isFalse();
  }

  @Test
  void aPausedLeader_holdsNoLeaseOnWaking() {
    // The pause: requests sent before it, then nothing accepted (the followers elected another).
    lease.startReplicating(F2, () -> 0);
    lease.startReplicating(F3, () -> 0);
    lease.sending(F2, 1);
    lease.accepted(F2, 1);
    lease.sending(F3, 1);
    lease.accepted(F3, 1);
    assertThat(held()).isTrue();
    advanceMillis(2_500);
    lease.sending(F2, 2); // answered NOT_LEADER: never accepted
    lease.sending(F3, 2);
    assertThat(held()).isFalse();
  }

  @Test
  void lateReplyToAnOlderRequest_leavesTheLeaseAtTheNewerSendTime() {
    lease.startReplicating(F2, () -> 0);
    lease.sending(F2, 1);
    advanceMillis(100);
    lease.sending(F2, 2);
    lease.accepted(F2, 2);
    lease.accepted(F2, 1); // out of order: already superseded
    advanceMillis(269);
    assertThat(held()).isTrue();
    advanceMillis(2);
    assertThat(held()).as("271 ms after request 2 was sent").isFalse();
  }

  @Test
  void acceptancesFromAnEarlierLeadership_areForgotten() {
    lease.startReplicating(F2, () -> 0);
    lease.sending(F2, 1);
    lease.accepted(F2, 1);
    lease.startReplicating(F2, () -> 0); // leading again, or the appender restarted
    assertThat(held()).isFalse();
  }

  @Test
  void lag_isEntriesNotAcknowledgedAndTimeSinceTheLastAcceptedRequest() {
    lease.startReplicating(F2, () -> 90);
    lease.startReplicating(F3, () -> 100);
    lease.sending(F3, 1);
    lease.accepted(F3, 1);
    advanceMillis(40);
    assertThat(lease.lags(100)).containsExactly(new MajorityLease.FollowerLag("n2", 10, null),
        new MajorityLease.FollowerLag("n3", 0, Duration.ofMillis(40)));
  }

  @Test
  void membershipChange_needsAMajorityOfBothConfigurations() {
    RaftPeerId f4 = RaftPeerId.valueOf("n4");
    lease.startReplicating(F2, () -> 0);
    lease.sending(F2, 1);
    lease.accepted(F2, 1);
    assertThat(lease.held(SELF, THREE, List.of(SELF, F2))).isTrue();
    assertThat(lease.held(SELF, List.of(SELF, F3, f4), THREE)).as("new configuration: only itself").isFalse();
  }
}
