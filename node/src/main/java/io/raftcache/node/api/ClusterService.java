package io.raftcache.node.api;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.raftcache.node.auth.Category;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.raft.RaftStatus;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftcache.node.membership.Membership;
import io.raftcache.node.raft.PinnedSnapshot;
import io.raftcache.proto.v1.BackupChunk;
import io.raftcache.proto.v1.BackupManifest;
import io.raftcache.proto.v1.BackupRequest;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.raftcache.proto.v1.ChangeMembershipRequest;
import io.raftcache.proto.v1.ChangeMembershipResponse;
import io.raftcache.proto.v1.ClusterGrpc;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.Member;
import io.raftcache.proto.v1.NodeStatus;
import io.raftcache.proto.v1.StatusRequest;
import io.raftcache.proto.v1.TransferLeaderRequest;
import io.raftcache.proto.v1.TransferLeaderResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Answers what this node knows of the group, for the CLI's status and for checks of convergence. */
final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);
  private final ClusterConfig cluster;
  private final NodeConfig self;
  private final RaftNode raft;
  private final Replies replies;
  private final Callers callers;
  /** Reads and sends backups' files, off the network threads. */
  private final ExecutorService backups = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "backup-stream");
    t.setDaemon(true);
    return t;
  });

  ClusterService(ClusterConfig cluster, NodeConfig self, RaftNode raft, Replies replies, Callers callers) {
    this.cluster = cluster;
    this.self = self;
    this.raft = raft;
    this.replies = replies;
    this.callers = callers;
  }

  /** The service, behind the callers' credentials: any user may ask for the status. */
  ServerServiceDefinition definition() {
    return callers.intercept(bindService());
  }

  @Override
  public void status(StatusRequest request, StreamObserver<NodeStatus> out) {
    callers.current().whenComplete((user, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        answerStatus(out);
      }
    });
  }

  @Override
  public void transferLeader(TransferLeaderRequest request, StreamObserver<TransferLeaderResponse> out) {
    CompletableFuture<String> leader = callers.current().thenCompose(user -> {
      Callers.requirePermission(user, "transfer-leader", Category.ADMIN, List::of, false);
      return raft.transferLeadership(optional(request.getTo()));
    });
    leader.whenComplete((id, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        replies.send(out, TransferLeaderResponse.newBuilder().setLeaderId(id).build());
      }
    });
  }

  @Override
  public void changeMembership(ChangeMembershipRequest request, StreamObserver<ChangeMembershipResponse> out) {
    CompletableFuture<Membership> members = callers.current().thenCompose(user -> {
      Callers.requirePermission(user, "change-membership", Category.ADMIN, List::of, false);
      return raft.changeMembership(optional(request.getAdd()), optional(request.getRemove()), request.getForce());
    });
    members.whenComplete((now, failure) -> {
      if (failure != null) {
        replies.fail(out, failure);
      } else {
        replies.send(out, ChangeMembershipResponse.newBuilder().addAllMembers(members(now)).build());
      }
    });
  }

  /**
   * Streams a snapshot of this node's state, taken now; any member can, and the CLI asks a
   * follower so that the leader is not slowed. The files are read on a thread of their own.
   */
  @Override
  public void backup(BackupRequest request, StreamObserver<BackupChunk> observer) {
    BackupStream stream = new BackupStream((ServerCallStreamObserver<BackupChunk>) observer);
    Path staging = PinnedSnapshot.stagingFor(self.dataDir());
    callers.current().thenCompose(user -> {
      Callers.requirePermission(user, "backup", Category.ADMIN, List::of, false);
      return raft.snapshotForBackup(staging);
    }).whenCompleteAsync((snapshot, failure) -> {
      if (failure != null) {
        replies.fail(observer, failure);
        return;
      }
      try (PinnedSnapshot pinned = snapshot) {
        BackupManifest manifest = BackupStream.manifest(cluster.cluster(), self.id(), pinned);
        if (stream.send(manifest, pinned)) {
          LOG.info("Sent a backup at index {} ({} keys, {} files)", manifest.getIndex(), manifest.getKeyCount(),
              manifest.getFilesCount());
        }
      } catch (IOException e) {
        LOG.warn("A backup failed", e);
        stream.fail("the backup failed on " + self.id() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, backups);
  }

  private static Optional<String> optional(String id) {
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  private void answerStatus(StreamObserver<NodeStatus> out) {
    RaftStatus s;
    try {
      s = raft.status();
    } catch (IOException e) {
      replies.fail(out, Errors.of(ErrorCode.ERROR_CODE_NO_LEADER, "the Raft server is not running: " + e.getMessage()));
      return;
    }
    NodeStatus.Builder status = NodeStatus.newBuilder()
        .setCluster(cluster.cluster())
        .setNodeId(self.id())
        .setZone(self.zone())
        .setRole(s.role())
        .setLeaderId(s.leaderId().orElse(""))
        .setTerm(s.term())
        .setCommitIndex(s.commitIndex())
        .setAppliedIndex(s.progress().appliedIndex())
        .setDigest(s.progress().digest())
        .setKeyCount(s.progress().keyCount())
        .setSnapshotIndex(s.snapshotIndex())
        .setLogStartIndex(s.logStartIndex())
        .setLeaderReady(s.leaderReady())
        .setUsedMemory(s.progress().usedMemory())
        .setMaxMemoryBytes(cluster.tunables().memory().maxBytes())
        .setEvictionPolicy(cluster.tunables().memory().policy().configName())
        .setKeyspaceHits(s.keys().hits())
        .setKeyspaceMisses(s.keys().misses())
        .setExpiredKeys(s.keys().expired())
        .setEvictedKeys(s.keys().evicted())
        .setStalenessMs(Math.min(raft.stalenessMillis(), Integer.MAX_VALUE));
    status.addAllMembers(members(raft.directory().membership()));
    replies.send(out, status.build());
  }

  /** The group's members, with their zone and client endpoint where the cluster file lists them. */
  private List<Member> members(Membership membership) {
    return membership.all().stream().map(m -> {
      Member.Builder member = Member.newBuilder().setNodeId(m.id()).setReplica(membership.isReplica(m.id()));
      raft.directory().node(m.id()).ifPresent(n -> member.setZone(n.zone()).setClientEndpoint(n.clientEndpoint()));
      return member.build();
    }).toList();
  }
}
