package io.raftcache.node.membership;

import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.proto.v1.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Works out the group after one change (a node added, a member removed, or both: a replacement)
 * and refuses, naming the reason, a change that is malformed or that would endanger the cluster:
 * fewer than {@link #SAFE_VOTERS} voters, or too few voters in contact for the new group's quorum.
 * {@code force} allows the dangerous ones, never the malformed ones.
 */
public final class MembershipPlan {
  /** The fewest voters that survive the loss of one. */
  static final int SAFE_VOTERS = 3;

  private MembershipPlan() {}

  /**
   * @param leaderId this node, the leader, which the change must not remove (move the leadership first)
   * @param inContact the voters the leader heard from recently, itself included
   */
  public static Membership plan(Membership current, Optional<NodeConfig> adding, Optional<String> removing,
      boolean force, String leaderId, Set<String> inContact) throws CommandFailedException {
    if (adding.isEmpty() && removing.isEmpty()) {
      throw invalid("name a node to add, to remove, or both (a replacement)");
    }
    List<Membership.Member> voters = new ArrayList<>(current.voters());
    List<Membership.Member> replicas = new ArrayList<>(current.replicas());
    if (removing.isPresent()) {
      String id = removing.get();
      Membership.Member member = current.find(id).orElseThrow(() ->
          invalid("remove: '" + id + "' is not a member (" + current + ")"));
      if (id.equals(leaderId)) {
        throw invalid("remove: '" + id + "' is the leader; hand the leadership on first (raftcache transfer-leader)");
      }
      voters.remove(member);
      replicas.remove(member);
    }
    if (adding.isPresent()) {
      NodeConfig node = adding.get();
      if (current.find(node.id()).isPresent() && !removing.equals(Optional.of(node.id()))) {
        throw invalid("add: '" + node.id() + "' is already a member (" + current + ")");
      }
      if (removing.equals(Optional.of(node.id()))) {
        throw invalid("add: '" + node.id() + "' cannot replace itself; a replacement needs a new id");
      }
      Membership.Member member = Membership.memberOf(node);
      for (Membership.Member m : current.voters()) {
        if (m.raftAddress().equals(member.raftAddress()) && !removing.equals(Optional.of(m.id()))) {
          throw invalid("add: '" + node.id() + "' has the Raft address " + member.raftAddress() + " of member " + m.id());
        }
      }
      (node.replica() ? replicas : voters).add(member);
    }
    Membership next = new Membership(voters, replicas);
    if (!force) {
      requireSafe(current, next, adding, inContact);
    }
    return next;
  }

  private static void requireSafe(Membership current, Membership next, Optional<NodeConfig> adding,
      Set<String> inContact) throws CommandFailedException {
    int votersAfter = next.voters().size();
    if (votersAfter < SAFE_VOTERS && votersAfter < current.voters().size()) {
      throw refused("it would leave " + votersAfter + " voter" + (votersAfter == 1 ? "" : "s")
          + ", and fewer than " + SAFE_VOTERS + " cannot survive the loss of one; add a node first, or --force");
    }
    // The new node is caught up before the change commits, so it counts as in contact.
    List<String> reachable = next.voters().stream().map(Membership.Member::id)
        .filter(id -> inContact.contains(id) || adding.map(NodeConfig::id).equals(Optional.of(id))).toList();
    int quorum = votersAfter / 2 + 1;
    if (reachable.size() < quorum) {
      throw refused("it would lose the quorum: the new voters " + next.voters().stream().map(Membership.Member::id)
          .toList() + " need " + quorum + " in contact and only " + reachable + " are; bring the others back, or --force");
    }
  }

  private static CommandFailedException invalid(String message) {
    return new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, message);
  }

  private static CommandFailedException refused(String why) {
    return new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "refused: " + why);
  }
}
