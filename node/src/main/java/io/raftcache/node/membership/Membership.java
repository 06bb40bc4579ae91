package io.raftcache.node.membership;

import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.proto.internal.GroupMember;
import io.raftcache.proto.internal.GroupMembers;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Raft group's members: the voters (who elect a leader and count toward a commit) and the
 * read replicas (Raft listeners: they get the log, never vote). This is who is in the group; the
 * cluster file says where each node is.
 */
public record Membership(List<Member> voters, List<Member> replicas) {
  public record Member(String id, String raftAddress) {}

  /** No members: the group of a node that waits to be added. */
  public static final Membership NONE = new Membership(List.of(), List.of());

  public Membership {
    voters = List.copyOf(voters);
    replicas = List.copyOf(replicas);
  }

  /** The group a new cluster forms: every node of the file, as the voter or replica the file says. */
  public static Membership of(ClusterConfig cluster) {
    return new Membership(members(cluster.nodes().stream().filter(n -> !n.replica())),
        members(cluster.nodes().stream().filter(NodeConfig::replica)));
  }

  private static List<Member> members(Stream<NodeConfig> nodes) {
    return nodes.map(Membership::memberOf).toList();
  }

  static Member memberOf(NodeConfig node) {
    return new Member(node.id(), node.raftAddress());
  }

  public static Membership of(GroupMembers proto) {
    return new Membership(proto.getVotersList().stream().map(m -> new Member(m.getId(), m.getRaftAddress())).toList(),
        proto.getReplicasList().stream().map(m -> new Member(m.getId(), m.getRaftAddress())).toList());
  }

  public GroupMembers toProto(boolean formed) {
    return GroupMembers.newBuilder().setFormed(formed)
        .addAllVoters(voters.stream().map(Membership::toProto).toList())
        .addAllReplicas(replicas.stream().map(Membership::toProto).toList())
        .build();
  }

  private static GroupMember toProto(Member m) {
    return GroupMember.newBuilder().setId(m.id()).setRaftAddress(m.raftAddress()).build();
  }

  /** These members and one more read replica. */
  public Membership withReplica(String id, String raftAddress) {
    return new Membership(voters, Stream.concat(replicas.stream(), Stream.of(new Member(id, raftAddress))).toList());
  }

  public Optional<Member> find(String id) {
    return all().stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public boolean isReplica(String id) {
    return replicas.stream().anyMatch(m -> m.id().equals(id));
  }

  public List<String> ids() {
    return all().stream().map(Member::id).toList();
  }

  /** Voters first, then replicas. */
  public List<Member> all() {
    return Stream.concat(voters.stream(), replicas.stream()).toList();
  }

  @Override
  public String toString() {
    return "voters " + voters.stream().map(Member::id).toList()
        + (replicas.isEmpty() ? "" : ", replicas " + replicas.stream().map(Member::id).toList());
  }
}
