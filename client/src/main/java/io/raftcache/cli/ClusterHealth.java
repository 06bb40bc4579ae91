package io.raftcache.cli;

import io.raftcache.client.MemberStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a cluster can lose one more node: every member answers and has applied about what the
 * leader has committed. What {@code status} exits non-zero for.
 */
final class ClusterHealth {
  /**
   * A member this far behind the leader's commit index is not a spare: were another node lost,
   * the cluster would wait for it to catch up. Followers of a busy leader lag by a few entries.
   */
  static final long FAR_BEHIND_ENTRIES = 1000;

  private final List<MemberStatus> members;
  private final Optional<MemberStatus> leader;
  private final long farBehind;
  /** Problems of the group as a whole, found before its members were looked at. */
  private final List<String> extraProblems = new ArrayList<>();

  ClusterHealth(List<MemberStatus> members) {
    this(members, FAR_BEHIND_ENTRIES);
  }

  /** @param farBehind a member more entries behind the leader's commit than this is a problem */
  ClusterHealth(List<MemberStatus> members, long farBehind) {
    this.members = members;
    this.farBehind = farBehind;
    this.leader = members.stream().filter(MemberStatus::isLeader).max(Comparator.comparingLong(MemberStatus::term));
  }

  /**
   * The health of the group apart from {@code nodeId}, whose absence is then no problem so long
   * as the other members are a majority of the group: what losing it for good would leave.
   */
  static ClusterHealth without(List<MemberStatus> members, String nodeId, long farBehind) {
    List<MemberStatus> others = members.stream().filter(m -> !m.nodeId().equals(nodeId)).toList();
    long group = members.stream().filter(MemberStatus::inGroup).count();
    long othersInGroup = others.stream().filter(MemberStatus::inGroup).count();
    ClusterHealth health = new ClusterHealth(others, farBehind);
    if (othersInGroup == group) {
      health.extraProblems.add(nodeId + " is not a member of the group");
    } else if (othersInGroup < group / 2 + 1) {
      health.extraProblems.add("without " + nodeId + " the group's other " + othersInGroup + " of " + group
          + " members are not a majority");
    }
    return health;
  }

  Optional<MemberStatus> leader() {
    return leader;
  }

  /** How many committed entries {@code m} has not applied yet; empty if it or the leader is unknown. */
  OptionalLong behind(MemberStatus m) {
    if (!m.reachable() || leader.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, leader.get().commitIndex() - m.appliedIndex()));
  }

  /** The member's id, or its endpoint when no member could say which node that is. */
  private static String name(MemberStatus m) {
    return m.nodeId().equals(MemberStatus.UNKNOWN_ID) ? m.endpoint() : m.nodeId();
  }

  /** One line per problem; empty when the cluster is whole. */
  List<String> problems() {
    List<String> problems = new ArrayList<>(extraProblems);
    if (leader.isEmpty()) {
      problems.add("no member is the leader");
    }
    for (MemberStatus m : members) {
      if (!m.inGroup()) {
        continue; // waiting to be added, or removed: not one the cluster needs
      }
      if (!m.reachable()) {
        problems.add(name(m) + " is down (" + m.error().orElse("") + ")");
      } else if (behind(m).orElse(0) > farBehind) {
        problems.add(name(m) + " is " + behind(m).getAsLong() + " entries behind the leader");
      }
    }
    return problems;
  }
}
