package io.raftcache.node.api;

import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerTransportFilter;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.raftcache.node.auth.Users;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.Limits;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.metrics.NodeMetrics;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.raft.Throttle;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.ClusterGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's client port: the cache and cluster APIs, plus the standard gRPC health service and
 * server reflection so that generic tools (grpcurl, clients in other languages) can find and call
 * the API. Health is SERVING while the node knows a leader, NOT_SERVING while it knows none (an
 * election, or a node cut off from the majority), so a load balancer sends clients elsewhere.
 */
public final class ApiServer implements AutoCloseable {
  private static final List<String> SERVICES =
      List.of(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, CacheGrpc.SERVICE_NAME, ClusterGrpc.SERVICE_NAME);

  /** Marks a connection counted as open. */
  private static final Attributes.Key<Boolean> COUNTED = Attributes.Key.create("raftcache.counted");

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Throttle REFUSALS = new Throttle(Duration.ofSeconds(10));

  private final Server server;
  private final HealthStatusManager health;
  private final RaftNode raft;

  private ApiServer(Server server, HealthStatusManager health, RaftNode raft) {
    this.server = server;
    this.health = health;
    this.raft = raft;
  }

  @SuppressWarnings("deprecation") // v1alpha reflection, still the one older grpcurl versions ask for
  public static ApiServer start(ClusterConfig cluster, NodeConfig self, NodeTls tls, Users users,
      RaftNode raft, NodeMetrics metrics)
      throws IOException {
    Replies replies = new Replies(raft.directory());
    Limits limits = Limits.of(cluster.tunables());
    CommandExecutor executor = new CommandExecutor(raft, limits, cluster.tunables().memory(),
        metrics.commandsOf("grpc"));
    HealthStatusManager health = new HealthStatusManager();
    Callers callers = new Callers(users);
    AtomicInteger connections = new AtomicInteger();
    metrics.connectionsOf("grpc", connections::get);
    Server server = tls.secureClientPort(NettyServerBuilder.forAddress(new InetSocketAddress(self.host(), self.clientPort())))
        .addTransportFilter(new ServerTransportFilter() {
          @Override
          public Attributes transportReady(Attributes transport) {
            connections.incrementAndGet();
            return transport.toBuilder().set(COUNTED, true).build();
          }

          @Override
          public void transportTerminated(Attributes transport) {
            // Also called for a connection whose handshake failed, never counted as ready.
            if (transport != null && Boolean.TRUE.equals(transport.get(COUNTED))) {
              connections.decrementAndGet();
            } else if (tls.enabled() && REFUSALS.allow()) {
              // gRPC tells no more of it (not even the address) than that it never became ready.
              LOG.warn("Refused a connection on the client port {}: its TLS handshake failed (a plaintext client,"
                  + " or one that does not trust the cluster's CA)", self.clientEndpoint());
            }
          }
        })
        .addService(new CacheService(executor, raft, new RequestValidator(limits), replies, callers).definition())
        .addService(ForwardingService.definition(executor, raft, replies, tls))
        .addService(new ClusterService(cluster, self, raft, replies, callers).definition())
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(io.grpc.protobuf.services.ProtoReflectionService.newInstance())
        .maxInboundMessageSize(cluster.tunables().maxRequestBytes())
        // Every handler returns without blocking (replies come from Raft's futures), so calls run on
        // the network threads instead of hopping to an executor: a saving on every request.
        .directExecutor()
        .build()
        .start();
    ApiServer api = new ApiServer(server, health, raft);
    raft.addLeaderListener(ignored -> api.refreshHealth());
    api.refreshHealth();
    return api;
  }

  /**
   * Shows whether the node knows a leader now. Ratis tells of a new leader at once (it records it
   * before it notifies), but not of losing one: the node calls this periodically too. Read under
   * the lock, the last reading shows.
   */
  public synchronized void refreshHealth() {
    ServingStatus status = raft.knowsLeader() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    SERVICES.forEach(service -> health.setStatus(service, status));
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
