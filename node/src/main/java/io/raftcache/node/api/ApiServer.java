package io.raftcache.node.api;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.Limits;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.ClusterGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The node's client port: the cache and cluster APIs, plus the standard gRPC health service and
 * server reflection so that generic tools (grpcurl, clients in other languages) can find and call
 * the API.
 */
public final class ApiServer implements AutoCloseable {
  private final Server server;
  private final HealthStatusManager health;

  private ApiServer(Server server, HealthStatusManager health) {
    this.server = server;
    this.health = health;
  }

  @SuppressWarnings("deprecation") // v1alpha reflection, still the one older grpcurl versions ask for
  public static ApiServer start(ClusterConfig cluster, NodeConfig self, RaftNode raft) throws IOException {
    Replies replies = new Replies(cluster);
    Limits limits = Limits.of(cluster.tunables());
    CommandExecutor executor = new CommandExecutor(raft, limits, cluster.tunables().memory());
    HealthStatusManager health = new HealthStatusManager();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(self.host(), self.clientPort()))
        .addService(new CacheService(executor, raft, new RequestValidator(limits), replies).definition())
        .addService(ForwardingService.definition(executor, replies))
        .addService(new ClusterService(cluster, self, raft, replies))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance())
        .maxInboundMessageSize(cluster.tunables().maxRequestBytes())
        // Every handler returns without blocking (replies come from Raft's futures), so calls run on
        // the network threads instead of hopping to an executor: a saving on every request.
        .directExecutor()
        .build()
        .start();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(CacheGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(ClusterGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return new ApiServer(server, health);
  }

  public int port() {
    return server.getPort();
  }

  /** Stops taking calls, lets calls in flight finish for a moment, then cuts the rest. */
  @Override
  public void close() throws InterruptedException {
    health.enterTerminalState();
    server.shutdown();
    if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
      server.shutdownNow();
      server.awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
