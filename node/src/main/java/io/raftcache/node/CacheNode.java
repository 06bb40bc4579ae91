package io.raftcache.node;

import io.raftcache.node.api.ApiServer;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.expiry.ExpiryScanner;
import io.raftcache.node.raft.RaftNode;
import java.io.IOException;
import java.time.Clock;

/** One running node: its Raft member, its client API and its leader-side expiry. */
public final class CacheNode implements AutoCloseable {
  private final NodeConfig self;
  private final RaftNode raft;
  private final ApiServer api;
  private final ExpiryScanner expiry;

  private CacheNode(NodeConfig self, RaftNode raft, ApiServer api, ExpiryScanner expiry) {
    this.self = self;
    this.raft = raft;
    this.api = api;
    this.expiry = expiry;
  }

  /** Starts the node; if any part fails to start, the parts already started are closed again. */
  public static CacheNode start(ClusterConfig cluster, NodeConfig self) throws IOException {
    RaftNode raft = RaftNode.start(cluster, self, Clock.systemUTC());
    ApiServer api;
    try {
      api = ApiServer.start(cluster, self, raft);
    } catch (IOException | RuntimeException e) {
      raft.close();
      throw e;
    }
    ExpiryScanner expiry = ExpiryScanner.start(raft, cluster.tunables().expiryScanInterval());
    return new CacheNode(self, raft, api, expiry);
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
    expiry.close();
    try {
      api.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      raft.close();
    }
  }
}
