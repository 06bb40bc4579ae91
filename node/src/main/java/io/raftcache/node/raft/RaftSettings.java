package io.raftcache.node.raft;

import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.Tunables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The Ratis properties of one node. Left at Ratis's defaults on purpose: pre-vote (a returning
 * node does not force an election), snapshot install by streaming, fsync before acknowledging
 * (safe flush: neither unsafe nor async flush), and refusing to start on a corrupt log.
 */
final class RaftSettings {
  /** Entries kept in memory by Ratis's retry cache; ours is the durable de-duplication table. */
  private static final Duration RETRY_CACHE_EXPIRY = Duration.ofSeconds(10);
  private static final int SNAPSHOTS_RETAINED = 2;
  private static final long LOG_CACHE_BYTES = 32L << 20;
  /**
   * Ratis's sleep-count pairs: about 1 ms for the first 10 failures, 100 ms for the next 20, then
   * 500 ms (each sleep is drawn between half and one and a half times its step). Past the last
   * count Ratis stops sleeping for errors, so the count is large.
   */
  private static final String FOLLOWER_RETRY_POLICY = "1ms,10, 100ms,20, 500ms,1000000";

  private RaftSettings() {}


  static RaftProperties of(NodeConfig node, Tunables tunables, Path raftDir) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
    RaftConfigKeys.Rpc.setType(p, new ReplicationRpc());
    GrpcConfigKeys.Server.setHost(p, node.host());
    GrpcConfigKeys.Server.setPort(p, node.raftPort());

    Duration min = tunables.electionTimeoutMin();
    Duration max = tunables.electionTimeoutMax();
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(min));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(max));
    // A cluster starting from nothing elects sooner; this applies only until a leader is known.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, millis(min.dividedBy(2)));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, millis(max.dividedBy(2)));

    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    // Ratis's lease spares its own round: RaftNode confirms leadership itself (Acceptances).
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, tunables.snapshotIntervalEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, SNAPSHOTS_RETAINED);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(tunables.logSegmentBytes()));
    // A follower that is down does not pin the log: past the retained tail it gets a snapshot.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, tunables.logRetainEntries());
    RaftServerConfigKeys.RetryCache.setExpiryTime(p, millis(RETRY_CACHE_EXPIRY));
    // Ratis keeps closed log segments in memory for followers that fall behind (up to 200 MB by
    // default): memory a cache wants for its keys. Older entries are read back from disk instead.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(LOG_CACHE_BYTES));
    // Off, against Ratis's default: with "compose", a follower given a second append that starts
    // at the same index as one still queued answers it with the queued one's future, and so
    // acknowledges entries it never writes (AppendEntriesComposeTest). The chaos suite caught the
    // result: a leader whose match index ran past a restarted follower's log.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    // Off, against Ratis's default: with it, every commit appends a second entry (the new commit
    // index) that each node writes and fsyncs, so a lone client's next write queued behind it
    // (measured: lone SET p50 2.8 ms with it, 1.4 ms without). It only lets a restarted node apply
    // its committed tail before it hears from a leader; raftcache's state is in RocksDB, and the
    // tail is applied once a leader tells the commit index, as Raft itself has it.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // Ratis waits until 1 ms after its last send to a follower before the next one. Right after a
    // commit it sends the new commit index, so a lone client's next write waited most of that
    // millisecond (replication stage p50 1.19 ms with the wait, 0.92 ms without).
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
    // How long the leader waits before it tries a failing follower again, by the count of failures
    // in a row. Ratis waits 5 s once a follower has failed 30 times, which a dead follower does in
    // under a second (every pipelined append fails), so a restarted node waited up to 5 s for its
    // first append, and again after every timeout while it caught up. About 500 ms here.
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, FOLLOWER_RETRY_POLICY);
    return p;
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
