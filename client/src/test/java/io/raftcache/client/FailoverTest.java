package io.raftcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SDK's leader finding and retries, against scripted nodes on loopback. */
class FailoverTest {
  private FakeNode follower;
  private FakeNode leader;

  @BeforeEach
  void startNodes() throws Exception {
    follower = new FakeNode();
    leader = new FakeNode();
  }

  @AfterEach
  void stopNodes() {
    follower.close();
    leader.close();
  }

  private CacheClient client(Duration timeout) {
    return CacheClient.builder()
        .endpoints(List.of(follower.endpoint(), leader.endpoint()))
        .timeout(timeout)
        .retryPolicy(RetryPolicy.defaults().withAttemptTimeout(Duration.ofMillis(300)))
        .build();
  }

  @Test
  void write_toAFollower_followsTheRedirectToTheLeader() {
    follower.behaviour.set(FakeNode.Behaviour.NOT_LEADER);
    follower.leaderEndpoint.set(leader.endpoint());
    try (CacheClient client = client(Duration.ofSeconds(5))) {
      client.incr("n");
      client.incr("n");
    }
    assertThat(leader.headers).hasSize(2);
    assertThat(follower.headers).as("the second write went straight to the leader").hasSize(1);
  }

  @Test
  void write_retriedAfterFailures_carriesTheSameHeaderEveryTime() {
    follower.behaviour.set(FakeNode.Behaviour.UNAVAILABLE);
    leader.behaviour.set(FakeNode.Behaviour.NO_LEADER);
    try (CacheClient client = client(Duration.ofSeconds(5))) {
      var pending = client.async().incr("n");
      org.awaitility.Awaitility.await().until(() -> leader.headers.size() >= 2);
      leader.behaviour.set(FakeNode.Behaviour.OK);
      pending.join();
    }
    var all = new java.util.ArrayList<>(follower.headers);
    all.addAll(leader.headers);
    assertThat(all).hasSizeGreaterThan(2);
    assertThat(all.stream().distinct()).as("one request id across retries").hasSize(1);
    assertThat(all.get(0).getClientId().size()).isEqualTo(16);
  }

  @Test
  void write_nextWrite_getsTheNextSequence() {
    try (CacheClient client = client(Duration.ofSeconds(5))) {
      client.incr("n");
      client.incr("n");
    }
    var all = new java.util.ArrayList<>(follower.headers);
    all.addAll(leader.headers);
    assertThat(all).extracting(h -> h.getSequence()).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void write_noLeaderAnywhere_failsWithClusterUnavailableByTheDeadline() {
    follower.behaviour.set(FakeNode.Behaviour.NO_LEADER);
    leader.behaviour.set(FakeNode.Behaviour.NO_LEADER);
    try (CacheClient client = client(Duration.ofMillis(800))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.incr("n")).isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("no leader");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void write_noLeaderForLongerThanTheNoLeaderTimeout_failsFastBeforeTheDeadline() {
    follower.behaviour.set(FakeNode.Behaviour.NO_LEADER);
    leader.behaviour.set(FakeNode.Behaviour.NO_LEADER);
    try (CacheClient client = CacheClient.builder()
        .endpoints(List.of(follower.endpoint(), leader.endpoint()))
        .timeout(Duration.ofSeconds(30))
        .retryPolicy(RetryPolicy.defaults().withNoLeaderTimeout(Duration.ofMillis(500)))
        .build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.incr("n")).isInstanceOf(ClusterUnavailableException.class)
          .hasMessageContaining("a majority of the nodes down");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void write_silentNodes_failsWithTimeoutMeaningOutcomeUnknown() {
    follower.behaviour.set(FakeNode.Behaviour.SILENT);
    leader.behaviour.set(FakeNode.Behaviour.SILENT);
    try (CacheClient client = client(Duration.ofMillis(700))) {
      assertThatThrownBy(() -> client.incr("n")).isInstanceOf(CacheTimeoutException.class)
          .isInstanceOf(OutcomeUnknownException.class);
    }
  }

  @Test
  void write_silentLeader_isAbandonedAfterTheAttemptTimeoutForAnotherNode() {
    follower.behaviour.set(FakeNode.Behaviour.SILENT);
    try (CacheClient client = client(Duration.ofSeconds(5))) {
      assertThat(client.incr("n")).isEqualTo(1);
    }
    assertThat(leader.headers).hasSize(1);
  }

  @Test
  void close_failsTheCallsStillWaiting() {
    follower.behaviour.set(FakeNode.Behaviour.SILENT);
    leader.behaviour.set(FakeNode.Behaviour.SILENT);
    CacheClient client = client(Duration.ofSeconds(30));
    var pending = client.async().incr("n");

    client.close();

    assertThatThrownBy(pending::join).hasCauseInstanceOf(CacheException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void writesInFlight_beyondTheLimit_failAtOnce() {
    follower.behaviour.set(FakeNode.Behaviour.SILENT);
    leader.behaviour.set(FakeNode.Behaviour.SILENT);
    try (CacheClient client = client(Duration.ofSeconds(30))) {
      for (int i = 0; i < io.raftcache.client.internal.RequestIds.MAX_IN_FLIGHT; i++) {
        client.async().incr("n");
      }
      var oneTooMany = client.async().incr("n");

      assertThat(oneTooMany).isCompletedExceptionally();
      assertThatThrownBy(oneTooMany::join).hasMessageContaining("too many writes in flight");
    }
  }

  @Test
  void write_invalidArgument_isNotRetried() {
    leader.behaviour.set(FakeNode.Behaviour.INVALID);
    follower.behaviour.set(FakeNode.Behaviour.INVALID);
    try (CacheClient client = client(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> client.incr("n")).isInstanceOf(InvalidArgumentException.class);
    }
    assertThat(follower.headers.size() + leader.headers.size()).isEqualTo(1);
  }
}
