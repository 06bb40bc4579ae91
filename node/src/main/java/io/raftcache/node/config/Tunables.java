package io.raftcache.node.config;

import java.time.Duration;

/**
 * Settings shared by every node of a cluster, with defaults for a local or same-region cluster.
 *
 * @param electionTimeoutMin a follower that hears no leader for a random time between min and max
 *     starts an election: lower fails over faster, but a GC or disk stall longer than min may
 *     depose a healthy leader
 * @param snapshotIntervalEntries take a snapshot after this many applied entries; bounds restart
 *     replay and log size
 * @param logSegmentBytes the Raft log rolls to a new file at this size; whole files are purged
 * @param logRetainEntries entries kept in the log behind a snapshot, so a briefly absent follower
 *     catches up from the log rather than a snapshot
 * @param maxKeyBytes the largest key accepted
 * @param maxValueBytes the largest value accepted
 * @param maxBatchKeys the most keys one MGET, MSET, DEL or EXISTS may name
 * @param expiryScanInterval how often the leader looks for expired keys to delete
 * @param maxClients the most Redis-protocol connections a node holds open at once (Redis's
 *     {@code maxclients}); one more is refused with Redis's error
 * @param clientStallTimeout a Redis-protocol connection that has sent part of a command and
 *     nothing more for this long gets a protocol error and is closed (an idle one between commands
 *     stays open, as Redis's default {@code timeout 0})
 * @param memory {@code max_memory_bytes} and {@code eviction_policy}
 */
public record Tunables(
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    long snapshotIntervalEntries,
    long logSegmentBytes,
    long logRetainEntries,
    int maxKeyBytes,
    int maxValueBytes,
    int maxBatchKeys,
    Duration expiryScanInterval,
    int maxClients,
    Duration clientStallTimeout,
    MemoryLimit memory) {

  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(300);
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(600);
  public static final long DEFAULT_SNAPSHOT_INTERVAL_ENTRIES = 100_000;
  public static final long DEFAULT_LOG_SEGMENT_BYTES = 32L << 20;
  public static final long DEFAULT_LOG_RETAIN_ENTRIES = 20_000;
  public static final int DEFAULT_MAX_KEY_BYTES = 8 << 10;
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_BATCH_KEYS = 1000;
  public static final Duration DEFAULT_EXPIRY_SCAN_INTERVAL = Duration.ofMillis(100);
  public static final int DEFAULT_MAX_CLIENTS = 10_000;
  public static final Duration DEFAULT_CLIENT_STALL_TIMEOUT = Duration.ofSeconds(10);
  /** The largest values a cluster file may give the size limits. */
  public static final int MAX_KEY_BYTES_CEILING = 64 << 10;
  public static final int MAX_VALUE_BYTES_CEILING = 16 << 20;
  public static final int MAX_BATCH_KEYS_CEILING = 100_000;
  /** The largest request (and log entry of one command) a node accepts, whatever the limits. */
  public static final int MAX_REQUEST_BYTES_CEILING = 64 << 20;

  public static Tunables defaults() {
    return new Tunables(DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
        DEFAULT_SNAPSHOT_INTERVAL_ENTRIES, DEFAULT_LOG_SEGMENT_BYTES, DEFAULT_LOG_RETAIN_ENTRIES,
        DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_BATCH_KEYS,
        DEFAULT_EXPIRY_SCAN_INTERVAL, DEFAULT_MAX_CLIENTS, DEFAULT_CLIENT_STALL_TIMEOUT, MemoryLimit.none());
  }

  /** These tunables with another memory limit. */
  public Tunables withMemory(MemoryLimit limit) {
    return new Tunables(electionTimeoutMin, electionTimeoutMax, snapshotIntervalEntries, logSegmentBytes,
        logRetainEntries, maxKeyBytes, maxValueBytes, maxBatchKeys, expiryScanInterval, maxClients,
        clientStallTimeout, limit);
  }

  /** The largest gRPC message a node accepts: a full batch of the largest keys and values. */
  public int maxRequestBytes() {
    long batch = (long) maxBatchKeys * (maxKeyBytes + maxValueBytes + 16) + (1 << 16);
    return (int) Math.min(batch, MAX_REQUEST_BYTES_CEILING);
  }
}
