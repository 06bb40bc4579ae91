package io.raftcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.client.KeyspaceStats;
import io.raftcache.client.MemberStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {
  private static MemberStatus member(String id, String role, long commit, long applied) {
    return new MemberStatus("127.0.0.1:1", Optional.empty(), id, "az", role, "n1", true, 3, commit, applied, 7, 10, 0, 0,
        KeyspaceStats.NONE);
  }

  private static MemberStatus down(String id) {
    return new MemberStatus("127.0.0.1:2", Optional.of("connection refused"), id, "az", "DOWN", "", false, 0, 0, 0, 0,
        0, 0, 0, KeyspaceStats.NONE);
  }

  @Test
  void wholeCluster_hasNoProblems_andSaysHowFarEachIsBehind() {
    ClusterHealth health = new ClusterHealth(List.of(
        member("n1", "LEADER", 500, 500), member("n2", "FOLLOWER", 499, 498), member("n3", "FOLLOWER", 500, 500)));

    assertThat(health.problems()).isEmpty();
    assertThat(health.behind(member("n2", "FOLLOWER", 499, 498))).hasValue(2);
  }

  @Test
  void downOrFarBehindMember_isAProblem() {
    MemberStatus wiped = member("n2", "FOLLOWER", -1, 0);
    ClusterHealth health = new ClusterHealth(List.of(member("n1", "LEADER", 5000, 5000), wiped, down("n3")));

    assertThat(health.behind(wiped)).hasValue(5000);
    assertThat(health.behind(down("n3"))).isEmpty();
    assertThat(health.problems()).containsExactly(
        "n2 is 5000 entries behind the leader", "n3 is down (connection refused)");
  }

  @Test
  void memberNobodyCouldName_isNamedByItsEndpoint() {
    MemberStatus unnamed = new MemberStatus("127.0.0.1:9", Optional.of("io exception"), MemberStatus.UNKNOWN_ID,
        MemberStatus.UNKNOWN_ID, "DOWN", "", false, 0, 0, 0, 0, 0, 0, 0, KeyspaceStats.NONE);

    assertThat(new ClusterHealth(List.of(unnamed)).problems()).contains("127.0.0.1:9 is down (io exception)");
  }

  @Test
  void withoutTheMemberToRebuild_theOthersMustBeAWholeMajority() {
    List<MemberStatus> members = List.of(member("n1", "LEADER", 500, 500), down("n2"), member("n3", "FOLLOWER", 500, 500));
    assertThat(ClusterHealth.without(members, "n2", 100).problems()).isEmpty();
    assertThat(ClusterHealth.without(List.of(member("n1", "LEADER", 500, 500), down("n2"), down("n3")), "n2", 100)
        .problems()).containsExactly("n3 is down (connection refused)");
    assertThat(ClusterHealth.without(List.of(member("n1", "LEADER", 5, 5), down("n2")), "n2", 100).problems())
        .containsExactly("without n2 the group's other 1 of 2 members are not a majority");
    assertThat(ClusterHealth.without(members, "n9", 100).problems())
        .containsExactly("n9 is not a member of the group", "n2 is down (connection refused)");
  }

  @Test
  void noLeader_isAProblem() {
    ClusterHealth health = new ClusterHealth(List.of(member("n1", "CANDIDATE", 5, 5), member("n2", "FOLLOWER", 5, 5)));

    assertThat(health.problems()).containsExactly("no member is the leader");
    assertThat(health.behind(member("n2", "FOLLOWER", 5, 5))).isEmpty();
  }
}
