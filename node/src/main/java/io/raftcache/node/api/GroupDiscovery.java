package io.raftcache.node.api;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.membership.Membership;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.proto.internal.GroupMembers;
import io.raftcache.proto.internal.MembersRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a node whose storage names no group: asks the file's other nodes which group runs, so that
 * the node joins that group (and waits to be added if it is not a member) instead of forming the
 * file's group anew beside it. Only when every other node is unreachable, or answers that its
 * group has not formed either, does it form one; any other answer (a refusal, an older node
 * that does not know the question) stops the start, since forming a group then could split it.
 */
public final class GroupDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(GroupDiscovery.class);

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
  /**
   * How long a node that does not answer in time (rather than refusing the connection) is asked
   * again before it counts as unreachable: on a loaded host an answer (or this JVM's own first TLS
   * handshake) can take seconds, and taking a running node for a dead one could form a second group.
   */
  private static final Duration SLOW_NODE_PATIENCE = Duration.ofSeconds(20);

  private GroupDiscovery() {}

  /** What one node answered: its group's members (null if unreachable), or why it refused. */
  private record Answer(GroupMembers members, String refusal) {}

  /** The members of the running group as the first node to answer has them; empty if none has formed. */
  public static Optional<Membership> runningGroup(ClusterConfig cluster, NodeConfig self, NodeTls tls)
      throws IOException {
    List<NodeConfig> others = cluster.nodes().stream().filter(n -> !n.id().equals(self.id())).toList();
    if (others.isEmpty()) {
      return Optional.empty();
    }
    ExecutorService askers = Executors.newFixedThreadPool(others.size(), r -> {
      Thread t = new Thread(r, "group-discovery");
      t.setDaemon(true);
      return t;
    });
    try {
      // Answers are taken as they come: a slow node does not hold up a group another has named.
      CompletionService<Answer> answers = new ExecutorCompletionService<>(askers);
      for (NodeConfig n : others) {
        answers.submit(() -> {
          try {
            return new Answer(ask(n, tls), null);
          } catch (RuntimeException e) {
            return new Answer(null, n.id() + " (" + n.clientEndpoint() + "): " + e.getMessage());
          }
        });
      }
      List<String> refusals = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) {
        Answer answer = answers.take().get();
        if (answer.members() != null && answer.members().getFormed()) {
          return Optional.of(Membership.of(answer.members()));
        }
        if (answer.refusal() != null) {
          refusals.add(answer.refusal());
        }
      }
      if (!refusals.isEmpty()) {
        throw new IOException("could not learn which group runs, so not forming one: " + String.join("; ", refusals)
            + " (another node of the file refused the question: is TLS set up alike on every node, and are they"
            + " all this release?)");
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking which group runs", e);
    } catch (ExecutionException e) {
      throw new IOException("asking which group runs failed", e.getCause());
    } finally {
      askers.shutdownNow();
    }
  }

  /**
   * The node's answer; null if it cannot be reached (not running yet), or has not answered in
   * time for {@link #SLOW_NODE_PATIENCE}; throws for any other failure.
   */
  private static GroupMembers ask(NodeConfig node, NodeTls tls) {
    ManagedChannel channel = tls.securePeerChannel(NettyChannelBuilder.forTarget(node.clientEndpoint())).build();
    long giveUp = System.nanoTime() + SLOW_NODE_PATIENCE.toNanos();
    try {
      while (true) {
        try {
          return ClientCalls.blockingUnaryCall(channel, ForwardingService.MEMBERS,
              CallOptions.DEFAULT.withDeadlineAfter(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
              MembersRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
          Status.Code code = e.getStatus().getCode();
          if (code == Status.Code.UNAVAILABLE || (code == Status.Code.DEADLINE_EXCEEDED && System.nanoTime() > giveUp)) {
            return null;
          }
          if (code != Status.Code.DEADLINE_EXCEEDED) {
            throw e;
          }
          LOG.info("Node {} has not answered which group runs within {} ms; asking again", node.id(),
              ASK_TIMEOUT.toMillis());
        }
      }
    } finally {
      channel.shutdownNow();
    }
  }
}
