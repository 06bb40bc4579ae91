package io.raftcache.node.api;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.membership.Membership;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.proto.internal.GroupMembers;
import io.raftcache.proto.internal.MembersRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * For a node starting on an empty data dir: asks the file's other nodes which group runs, so that
 * the node joins that group (and waits to be added if it is not a member) instead of forming the
 * file's group anew beside it. Only when no node answers with a formed group does it form one.
 */
public final class GroupDiscovery {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);

  private GroupDiscovery() {}

  /** The members of the running group as the first node to answer has them; empty if none has formed. */
  public static Optional<Membership> runningGroup(ClusterConfig cluster, NodeConfig self, NodeTls tls) {
    List<CompletableFuture<Optional<GroupMembers>>> answers = cluster.nodes().stream()
        .filter(n -> !n.id().equals(self.id()))
        .map(n -> CompletableFuture.supplyAsync(() -> ask(n, tls)))
        .toList();
    return answers.stream().map(CompletableFuture::join).flatMap(Optional::stream)
        .filter(GroupMembers::getFormed).findFirst().map(Membership::of);
  }

  private static Optional<GroupMembers> ask(NodeConfig node, NodeTls tls) {
    ManagedChannel channel = tls.securePeerChannel(NettyChannelBuilder.forTarget(node.clientEndpoint())).build();
    try {
      return Optional.of(ClientCalls.blockingUnaryCall(channel, ForwardingService.MEMBERS,
          CallOptions.DEFAULT.withDeadlineAfter(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
          MembersRequest.getDefaultInstance()));
    } catch (StatusRuntimeException notAnswering) {
      return Optional.empty();
    } finally {
      channel.shutdownNow();
    }
  }
}
