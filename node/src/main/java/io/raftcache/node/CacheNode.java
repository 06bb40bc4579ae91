package io.raftcache.node;

import io.raftcache.node.api.ApiServer;
import io.raftcache.node.api.GroupDiscovery;
import io.raftcache.node.membership.Membership;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.raftcache.node.auth.Users;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.eviction.EvictionScanner;
import io.raftcache.node.expiry.ExpiryScanner;
import io.raftcache.node.metrics.MetricsServer;
import io.raftcache.node.metrics.NodeMetrics;
import io.raftcache.node.raft.FatalErrorHandler;
import io.raftcache.node.raft.LeaderPlacement;
import io.raftcache.node.raft.PinnedSnapshot;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.resp.RespServer;
import io.raftcache.node.tls.NodeTls;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One running node: its Raft member, its client APIs (gRPC, and RESP if it has a port) and its leader-side expiry. */
public final class CacheNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheNode.class);
  /** How soon gRPC health shows that the node lost its leader (Ratis does not tell). */
  private static final long HEALTH_REFRESH_MILLIS = 250;
  /** How often a leader outside the preferred zone looks for a caught-up voter there. */
  private static final long PLACEMENT_CHECK_MILLIS = 1000;

  private final NodeConfig self;
  private final RaftNode raft;
  private final ApiServer api;
  private final RespServer resp;
  /** Null if the node has no metrics port. */
  private final MetricsServer metrics;
  private final ExpiryScanner expiry;
  /** Null without a memory limit, or under noeviction. */
  private final EvictionScanner eviction;
  private final ScheduledExecutorService watchdog;
  private volatile boolean closing;

  private CacheNode(NodeConfig self, RaftNode raft, ApiServer api, RespServer resp, MetricsServer metrics,
      ExpiryScanner expiry, EvictionScanner eviction, FatalErrorHandler fatal, Optional<String> preferredZone) {
    this.self = self;
    this.raft = raft;
    this.api = api;
    this.resp = resp;
    this.metrics = metrics;
    this.expiry = expiry;
    this.eviction = eviction;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "watchdog");
      t.setDaemon(true);
      return t;
    });
    // Ratis closes a member on its own after an apply failure or a very long pause; a node whose
    // member is gone must not go on answering stale reads as if healthy.
    watchdog.scheduleWithFixedDelay(() -> {
      if (!closing && raft.isClosed()) {
        fatal.fatal("the Raft server of node " + self.id() + " closed itself", null);
        watchdog.shutdown();
      }
    }, 1, 1, TimeUnit.SECONDS);
    watchdog.scheduleWithFixedDelay(api::refreshHealth, HEALTH_REFRESH_MILLIS, HEALTH_REFRESH_MILLIS,
        TimeUnit.MILLISECONDS);
    preferredZone.ifPresent(zone -> watchdog.scheduleWithFixedDelay(new LeaderPlacement(raft, self, zone)::check,
        PLACEMENT_CHECK_MILLIS, PLACEMENT_CHECK_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** Starts the node; if any part fails to start, the parts already started are closed again. */
  public static CacheNode start(ClusterConfig cluster, NodeConfig self, FatalErrorHandler fatal) throws IOException {
    NodeTls tls;
    try {
      tls = NodeTls.of(cluster, self);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    Users users = Users.of(cluster.users());
    PinnedSnapshot.clearStaging(self.dataDir());
    RaftNode raft = RaftNode.start(cluster, self, initialMembers(cluster, self, tls), tls, Clock.systemUTC(), fatal);
    NodeMetrics metrics = new NodeMetrics(self.id(), cluster.nodes().stream().map(NodeConfig::id).toList(), raft,
        cluster.tunables().memory());
    metrics.loginsOf(users);
    ApiServer api;
    try {
      api = ApiServer.start(cluster, self, tls, users, raft, metrics);
    } catch (IOException | RuntimeException e) {
      raft.close();
      throw e;
    }
    RespServer resp = null;
    MetricsServer metricsServer = null;
    try {
      resp = self.respPort() == 0 ? null : RespServer.start(cluster, self, tls, users, raft, metrics);
      metricsServer = self.metricsPort() == 0 ? null : MetricsServer.start(self, tls, raft, metrics);
    } catch (IOException | RuntimeException e) {
      if (resp != null) {
        resp.close();
      }
      closeQuietly(api);
      raft.close();
      throw e;
    }
    ExpiryScanner expiry = ExpiryScanner.start(raft, cluster.tunables().expiryScanInterval());
    EvictionScanner eviction = EvictionScanner.startIfLimited(raft, cluster.tunables().memory());
    return new CacheNode(self, raft, api, resp, metricsServer, expiry, eviction, fatal, cluster.preferredZone());
  }

  /**
   * The group to start with when the storage names none (an empty data dir, or a node that only
   * ever waited to be added): the one that runs if another node of the file answers for it (this
   * node waits to be added if it is not a member), else the file's nodes. When the storage names
   * a group, Ratis starts from it and this is not used.
   */
  private static Membership initialMembers(ClusterConfig cluster, NodeConfig self, NodeTls tls) throws IOException {
    Membership fromFile = Membership.of(cluster);
    if (RaftNode.hasStoredMembership(cluster, self)) {
      return fromFile;
    }
    Optional<Membership> running = GroupDiscovery.runningGroup(cluster, self, tls);
    if (running.isEmpty()) {
      LOG.info("Node {} starts on an empty data dir and no other node runs a group: forming {}", self.id(), fromFile);
      return fromFile;
    }
    Optional<Membership.Member> listed = running.get().find(self.id());
    if (listed.isPresent() && !listed.get().raftAddress().equals(self.raftAddress())) {
      throw new IOException(cluster.file() + ": " + self.field("raft_port") + ": the running group has " + self.id()
          + " at " + listed.get().raftAddress() + ", not " + self.raftAddress()
          + "; a member keeps its address: start it there, or add this node under a new id (replace-node)");
    }
    if (listed.isEmpty()) {
      LOG.info("Node {} is not a member of the running group ({}): it waits to be added (raftcache add-node {})",
          self.id(), running.get(), self.id());
      // A voter starts blank, in no group, until the leader sends it the group that holds it. A
      // replica must start as a listener of the group (Ratis never turns a blank server into one);
      // as a listener it never runs for leader, so it cannot disturb the group meanwhile.
      return self.replica() ? running.get().withReplica(self.id(), self.raftAddress()) : Membership.NONE;
    }
    LOG.info("Node {} starts on an empty data dir and rejoins the running group ({}): the leader sends it a snapshot",
        self.id(), running.get());
    return running.get();
  }

  private static void closeQuietly(ApiServer api) {
    try {
      api.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public NodeConfig config() {
    return self;
  }

  public RaftNode raft() {
    return raft;
  }

  /** Stops taking calls, then leaves the group and closes the storage. */
  @Override
  public void close() throws IOException {
    closing = true;
    watchdog.shutdownNow();
    expiry.close();
    if (eviction != null) {
      eviction.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (resp != null) {
      resp.close();
    }
    try {
      api.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      raft.close();
    }
  }
}
