package io.raftcache.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.history.History.FaultEvent;
import io.raftcache.chaos.history.Op;
import io.raftcache.chaos.history.Op.Kind;
import io.raftcache.chaos.history.Op.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChecksTest {
  private static final long S = 1_000_000_000L;
  /** A quorum lost at 0 s and back at 10 s. */
  private static final FaultEvent OUTAGE = new FaultEvent("quorum-loss", "lose-quorum", "2 of 3 killed", 0, 10 * S);
  private static final Duration SDK_WAIT = Duration.ofMillis(2500);
  private static final Duration RESP_WAIT = Duration.ofSeconds(5);

  private static Op write(Outcome outcome, long invoked, long completed, String error) {
    return new Op(1, Kind.WRITE, "k", "v", null, null, outcome, invoked, completed, error);
  }

  private static String verdict(Op... ops) {
    return Checks.failFast(OUTAGE, List.of(ops), SDK_WAIT, RESP_WAIT);
  }

  @Test
  void failFast_acceptsClearFailuresInTime_andAWriteThatSucceedsOnceTheQuorumIsBack() {
    assertThat(verdict(write(Outcome.UNKNOWN, 2 * S, 5 * S, "ClusterUnavailableException: no leader"),
        write(Outcome.UNKNOWN, 3 * S, 8 * S, "JedisDataException: ERR no leader: x"),
        write(Outcome.FAILED, 4 * S, 4 * S + 1000, "NotConnected: refused"),
        write(Outcome.OK, 8 * S, 12 * S, null))).startsWith("ok");
  }

  @Test
  void failFast_rejectsAWriteAcknowledgedWithoutAQuorum_aHang_andAnUnclearError() {
    assertThat(verdict(write(Outcome.OK, 2 * S, 3 * S, null))).startsWith("FAIL");
    assertThat(verdict(write(Outcome.UNKNOWN, 2 * S, 9 * S, "ClusterUnavailableException: no leader"))).startsWith("FAIL");
    assertThat(verdict(write(Outcome.UNKNOWN, 2 * S, 3 * S, "CacheTimeoutException: deadline"))).startsWith("FAIL");
    assertThat(verdict()).as("nothing to judge").startsWith("FAIL");
  }

  @Test
  void lostWrites_leavesOutEvictedKeys() {
    Op acked = new Op(1, Kind.WRITE, "fresh-1", "v1", null, null, Outcome.OK, 0, 1, null);
    Map<String, Optional<String>> finals = Map.of("fresh-1", Optional.empty());
    assertThat(Checks.lostWrites(List.of(acked), "fresh-", finals, Set.of())).containsExactly("fresh-1=v1");
    assertThat(Checks.lostWrites(List.of(acked), "fresh-", finals, Set.of("fresh-1"))).isEmpty();
  }
}
