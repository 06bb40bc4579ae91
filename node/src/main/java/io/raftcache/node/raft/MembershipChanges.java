package io.raftcache.node.raft;

import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.membership.Membership;
import io.raftcache.proto.v1.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * The group's membership in Ratis's terms: the group a node starts with, the members a
 * configuration names, and a change proposed through Ratis's configuration change, in which new
 * members catch up (a snapshot, then the log) before the joint configuration commits.
 */
final class MembershipChanges {
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final ClientId submitterId;
  private final LongSupplier callIds;

  MembershipChanges(RaftServer server, RaftGroupId groupId, ClientId submitterId, LongSupplier callIds) {
    this.server = server;
    this.groupId = groupId;
    this.submitterId = submitterId;
    this.callIds = callIds;
  }

  static RaftGroup group(RaftGroupId groupId, Membership members) {
    return RaftGroup.valueOf(groupId, peers(members));
  }

  private static List<RaftPeer> peers(Membership members) {
    return members.all().stream().map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress())
        .setStartupRole(members.isReplica(m.id()) ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER).build()).toList();
  }

  private static List<RaftPeer> peers(List<Membership.Member> members) {
    return members.stream().map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress()).build()).toList();
  }

  static Membership of(RaftConfiguration conf) {
    return new Membership(members(conf.getCurrentPeers(RaftPeerRole.FOLLOWER)),
        members(conf.getCurrentPeers(RaftPeerRole.LISTENER)));
  }

  private static List<Membership.Member> members(java.util.Collection<RaftPeer> peers) {
    return peers.stream().map(p -> new Membership.Member(p.getId().toString(), p.getAddress())).toList();
  }

  /**
   * Proposes {@code next} if the group is still {@code current} (so two concurrent changes
   * cannot both pass their checks); completes once the new configuration has committed.
   */
  CompletableFuture<Void> change(Membership current, Membership next) {
    SetConfigurationRequest.Arguments arguments = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInCurrentConf(peers(current.voters()))
        .setListenersInCurrentConf(peers(current.replicas()))
        .setServersInNewConf(peers(next.voters()))
        .setListenersInNewConf(peers(next.replicas()))
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build();
    SetConfigurationRequest request = new SetConfigurationRequest(submitterId, server.getId(), groupId,
        callIds.getAsLong(), arguments);
    try {
      return server.setConfigurationAsync(request).thenAccept(reply -> {
        if (!reply.isSuccess()) {
          throw new CompletionException(failure(reply.getException(), next));
        }
      });
    } catch (RaftException refused) {
      // Ratis refuses some changes at once (one under way, a compare-and-set mismatch) by throwing.
      return CompletableFuture.failedFuture(failure(refused, next));
    } catch (IOException notRunning) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_NO_LEADER,
          "the Raft server is not running: " + notRunning.getMessage()));
    }
  }

  private static CommandFailedException failure(Exception e, Membership next) {
    if (e instanceof ReconfigurationInProgressException) {
      return new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "another membership change is under way; try again once it has committed");
    }
    if (e instanceof ReconfigurationTimeoutException) {
      return new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "the new member did not catch up in"
          + " time, so the group is unchanged: is it running, and can the leader reach its Raft port? (" + next + ")");
    }
    if (e instanceof SetConfigurationException) {
      return new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "refused by Raft: " + e.getMessage());
    }
    // The leader lost office during the change: the new configuration may still commit.
    return new CommandFailedException(ErrorCode.ERROR_CODE_NO_LEADER, "the change's outcome is unknown (check"
        + " raftcache status before trying again): " + (e == null ? "no reason given" : e.getMessage()));
  }
}
