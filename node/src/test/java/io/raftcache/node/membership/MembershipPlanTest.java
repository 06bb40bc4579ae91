package io.raftcache.node.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.config.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipPlanTest {
  private static final Membership THREE = new Membership(List.of(member("n1"), member("n2"), member("n3")), List.of());
  private static final Membership FIVE = new Membership(
      List.of(member("n1"), member("n2"), member("n3"), member("n4"), member("n5")), List.of());

  @Test
  void replacingADeadVoter_keepsThreeVoters_andCountsTheNewNodeAsInContact() throws Exception {
    Membership next = MembershipPlan.plan(THREE, Optional.of(node("n4", false)), Optional.of("n3"), false, "n1",
        Set.of("n1", "n2"));
    assertThat(next.voters()).extracting(Membership.Member::id).containsExactly("n1", "n2", "n4");
  }

  @Test
  void aReplica_joinsAsAReplica_andNeverCountsForTheQuorum() throws Exception {
    Membership next = MembershipPlan.plan(THREE, Optional.of(node("r1", true)), Optional.empty(), false, "n1",
        Set.of("n1", "n2", "n3"));
    assertThat(next.replicas()).extracting(Membership.Member::id).containsExactly("r1");
    assertThat(next.voters()).hasSize(3);
  }

  @Test
  void removingAVoterOfThree_isRefused_unlessForced() throws Exception {
    assertThatThrownBy(() -> MembershipPlan.plan(THREE, Optional.empty(), Optional.of("n3"), false, "n1",
        Set.of("n1", "n2", "n3"))).isInstanceOf(CommandFailedException.class).hasMessageContaining("would leave 2 voters");
    assertThat(MembershipPlan.plan(THREE, Optional.empty(), Optional.of("n3"), true, "n1", Set.of("n1", "n2", "n3"))
        .voters()).hasSize(2);
  }

  @Test
  void aChangeLeavingTooFewVotersInContact_isRefused_unlessForced() throws Exception {
    // Five voters, n4 and n5 silent: without n2 the four left need three in contact, and two are.
    assertThatThrownBy(() -> MembershipPlan.plan(FIVE, Optional.empty(), Optional.of("n2"), false, "n1",
        Set.of("n1", "n2", "n3"))).isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("would lose the quorum").hasMessageContaining("need 3 in contact and only [n1, n3]");
    assertThat(MembershipPlan.plan(FIVE, Optional.empty(), Optional.of("n2"), true, "n1", Set.of("n1", "n2", "n3"))
        .voters()).hasSize(4);
  }

  @Test
  void malformedChanges_areRefusedEvenWhenForced() {
    assertRefused(THREE, Optional.empty(), Optional.empty(), "name a node to add");
    assertRefused(THREE, Optional.empty(), Optional.of("n9"), "'n9' is not a member");
    assertRefused(THREE, Optional.empty(), Optional.of("n1"), "'n1' is the leader");
    assertRefused(THREE, Optional.of(node("n2", false)), Optional.empty(), "'n2' is already a member");
    assertRefused(THREE, Optional.of(node("n3", false)), Optional.of("n3"), "cannot replace itself");
  }

  private static void assertRefused(Membership current, Optional<NodeConfig> adding, Optional<String> removing,
      String message) {
    assertThatThrownBy(() -> MembershipPlan.plan(current, adding, removing, true, "n1", Set.of("n1", "n2", "n3")))
        .isInstanceOf(CommandFailedException.class).hasMessageContaining(message);
  }

  private static Membership.Member member(String id) {
    return new Membership.Member(id, "127.0.0.1:" + port(id));
  }

  private static NodeConfig node(String id, boolean replica) {
    return new NodeConfig(0, id, "az", "127.0.0.1", port(id), 7000, 0, 0, Path.of("/tmp/" + id), Optional.empty(), replica);
  }

  private static int port(String id) {
    return 7100 + Math.abs(id.hashCode() % 100);
  }
}
