package io.raftcache.client;

import static io.raftcache.client.Futures.await;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.raftcache.client.internal.ClusterChannels;
import io.raftcache.client.internal.BackupReceiver;
import io.raftcache.client.internal.LeaderCalls;
import io.raftcache.proto.v1.ChangeMembershipRequest;
import io.raftcache.proto.v1.TransferLeaderRequest;
import io.raftcache.proto.v1.ReadConsistency;
import io.raftcache.proto.v1.ReadOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLException;

/**
 * A client of a raftcache cluster. Thread-safe; make one per application and share it.
 *
 * <pre>{@code
 * try (CacheClient cache = CacheClient.builder().endpoints("10.0.0.1:7001,10.0.0.2:7001").build()) {
 *   cache.set("greeting", "hello", SetOptions.ttl(Duration.ofMinutes(5)));
 *   Optional<String> greeting = cache.get("greeting");
 *   long visits = cache.incr("visits");
 * }
 * }</pre>
 *
 * <p><b>Consistency.</b> Reads are linearizable: they see every write acknowledged before they
 * began. {@link #withStaleReads()} gives a view whose reads any node answers from its own copy,
 * faster but possibly behind. A write returns once a majority of nodes has it in its fsync'd log
 * and it is applied, so losing any minority of nodes loses no acknowledged write.
 *
 * <p><b>Failover.</b> The client finds the leader, follows redirects, and retries through leader
 * changes until the call's timeout ({@link Builder#timeout}); a retried write is applied at most
 * once (INCR included).
 *
 * <p><b>Errors</b> are {@link CacheException}s: {@link CacheTimeoutException} (the timeout passed;
 * a write's outcome is unknown), {@link ClusterUnavailableException} (no leader reachable: an
 * election, or a majority down), {@link InvalidArgumentException} (the message names the field),
 * and {@link NotAnIntegerException}, {@link IntegerOverflowException}, {@link WrongTypeException}
 * (the command does not fit the stored value; nothing changed).
 *
 * <p>Methods taking {@code String} encode it as UTF-8. {@link #async()} has the same methods
 * returning {@link CompletableFuture}s.
 */
public final class CacheClient implements AutoCloseable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** Larger than a full batch of the largest values a node accepts by default. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;
  /** The least a membership change or a backup is given: either may move a snapshot of the whole keyspace. */
  static final Duration LONG_CALL_TIMEOUT = Duration.ofMinutes(10);
  /** A follower this close to the leader's commit takes a backup in its place. */
  private static final long BACKUP_LAG_ENTRIES = 1000;

  private final ClientCore core;
  private final Duration timeout;
  private final ReadOptions reads;
  private final AsyncCacheClient async;

  private CacheClient(ClientCore core, Duration timeout, ReadOptions reads) {
    this.core = core;
    this.timeout = timeout;
    this.reads = reads;
    this.async = new AsyncCacheClient(core, timeout, reads);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same client, non-blocking. */
  public AsyncCacheClient async() {
    return async;
  }

  /** Hash commands (HSET, HGET...). */
  public Hashes hashes() {
    return new Hashes(async.hashes());
  }

  /** Set commands (SADD, SMEMBERS...). */
  public Sets sets() {
    return new Sets(async.sets());
  }

  /** Sorted set commands (ZADD, ZRANGE...). */
  public SortedSets sortedSets() {
    return new SortedSets(async.sortedSets());
  }

  /** A view of this client whose calls give up after {@code newTimeout}. */
  public CacheClient withTimeout(Duration newTimeout) {
    return new CacheClient(core, Builder.positive(newTimeout, "timeout"), reads);
  }

  /** A view of this client whose reads any node answers from its own copy (possibly behind). */
  public CacheClient withStaleReads() {
    return new CacheClient(core, timeout, ReadOptions.newBuilder().setConsistency(ReadConsistency.READ_CONSISTENCY_STALE)
        .build());
  }

  /**
   * A view whose reads any node (a read replica included) answers from its own copy, but only a
   * node whose copy is at most {@code maxStaleness} behind the leader (by how long since it last
   * heard from the leader, once it has applied all it was told was committed): a node further
   * behind refuses, and the read goes to another. Bounded staleness, at the cost of a retry.
   */
  public CacheClient withStaleReads(Duration maxStaleness) {
    long millis = Builder.positive(maxStaleness, "maxStaleness").toMillis();
    return new CacheClient(core, timeout, ReadOptions.newBuilder().setConsistency(ReadConsistency.READ_CONSISTENCY_STALE)
        .setMaxStalenessMs((int) Math.min(Math.max(1, millis), Integer.MAX_VALUE)).build());
  }

  /**
   * Each node this client knows, by endpoint, and whether its standard gRPC health service says
   * SERVING (it knows a leader) — the probe's view, which needs no credentials. A node that does
   * not answer within the timeout is not serving.
   */
  public Map<String, Boolean> health() {
    Map<String, Boolean> serving = new LinkedHashMap<>();
    for (String endpoint : core.channels.endpoints()) {
      try {
        serving.put(endpoint, HealthGrpc.newBlockingStub(core.channels.channelTo(endpoint))
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .check(HealthCheckRequest.newBuilder().setService("raftcache.v1.Cache").build())
            .getStatus() == HealthCheckResponse.ServingStatus.SERVING);
      } catch (StatusRuntimeException unreachable) {
        serving.put(endpoint, false);
      }
    }
    return serving;
  }

  /**
   * Hands the leadership to {@code to} (a node id), or to the follower furthest along, without
   * waiting out an election timeout: for planned maintenance of the leader's machine. Returns
   * the new leader's id once the transfer is under way; needs the admin permission where the
   * cluster has users.
   */
  public String transferLeader(Optional<String> to) {
    return LeaderCalls.ask(core.channels, leaderEndpoint(), timeout, stub ->
        stub.transferLeader(TransferLeaderRequest.newBuilder().setTo(to.orElse("")).build()).getLeaderId());
  }

  /**
   * Adds node {@code id} of the cluster file to the group, as the voter or read replica the file
   * says; the node must be running (it catches up before it counts). Returns the members once the
   * change has committed. Needs the admin permission where the cluster has users.
   */
  public List<ClusterMember> addNode(String id) {
    return changeMembership(ChangeMembershipRequest.newBuilder().setAdd(id).build());
  }

  /**
   * Removes member {@code id} (not the leader: transfer the leadership first). Refused, unless
   * {@code force}, if it would leave fewer than three voters or too few in contact for a quorum.
   */
  public List<ClusterMember> removeNode(String id, boolean force) {
    return changeMembership(ChangeMembershipRequest.newBuilder().setRemove(id).setForce(force).build());
  }

  /** Replaces member {@code old} by node {@code id} of the cluster file, in one change of the group. */
  public List<ClusterMember> replaceNode(String old, String id, boolean force) {
    return changeMembership(ChangeMembershipRequest.newBuilder().setRemove(old).setAdd(id).setForce(force).build());
  }

  private List<ClusterMember> changeMembership(ChangeMembershipRequest request) {
    // Raft gives the change up by itself if the new member stops making progress.
    return LeaderCalls.ask(core.channels, leaderEndpoint(), longCallTimeout(), stub -> stub.changeMembership(request))
        .getMembersList().stream()
        .map(m -> new ClusterMember(m.getNodeId(), m.getZone(), m.getClientEndpoint(), m.getReplica()))
        .toList();
  }

  /**
   * Writes a backup of the cluster's state into {@code dir}, a folder that must not exist yet: a
   * snapshot at one log index taken by a caught-up follower (the leader when none is), its files,
   * and {@code manifest.json} with the index, the key count, the state's digest and each file's
   * SHA-256. Needs the admin permission where the cluster has users.
   */
  public BackupResult backup(Path dir) {
    List<MemberStatus> members = clusterStatus();
    long commit = members.stream().filter(MemberStatus::isLeader).mapToLong(MemberStatus::commitIndex).max()
        .orElseThrow(() -> new ClusterUnavailableException("no member is the leader now: try again after the election",
            null));
    String from = members.stream()
        .filter(m -> m.inGroup() && m.reachable() && m.role().equals("FOLLOWER")
            && commit - m.appliedIndex() <= BACKUP_LAG_ENTRIES)
        .map(MemberStatus::endpoint).findFirst()
        .orElseGet(this::leaderEndpoint);
    return BackupReceiver.receive(core.channels, from, longCallTimeout(), dir);
  }

  private Duration longCallTimeout() {
    return timeout.compareTo(LONG_CALL_TIMEOUT) > 0 ? timeout : LONG_CALL_TIMEOUT;
  }

  private String leaderEndpoint() {
    return clusterStatus().stream().filter(MemberStatus::isLeader).findFirst()
        .orElseThrow(() -> new ClusterUnavailableException("no member is the leader now: try again after the election",
            null)).endpoint();
  }

  /** Every node this client knows, as each reports itself (or as unreachable). */
  public List<MemberStatus> clusterStatus() {
    return await(new StatusCollector(core.channels, timeout).collect());
  }

  public Optional<byte[]> get(byte[] key) {
    return await(async.get(key));
  }

  public Optional<String> get(String key) {
    return await(async.get(key));
  }

  public Optional<CacheEntry> getEntry(byte[] key) {
    return await(async.getEntry(key));
  }

  public Optional<CacheEntry> getEntry(String key) {
    return await(async.getEntry(key));
  }

  public List<Optional<byte[]>> mget(byte[]... keys) {
    return await(async.mget(keys));
  }

  public List<Optional<String>> mget(String... keys) {
    return await(async.mget(keys));
  }

  public long exists(byte[]... keys) {
    return await(async.exists(keys));
  }

  public long exists(String... keys) {
    return await(async.exists(keys));
  }

  public KeyTtl ttl(byte[] key) {
    return await(async.ttl(key));
  }

  public KeyTtl ttl(String key) {
    return await(async.ttl(key));
  }

  public KeyType type(byte[] key) {
    return await(async.type(key));
  }

  public KeyType type(String key) {
    return await(async.type(key));
  }

  public ScanPage scan(byte[] cursor, String match, int count) {
    return await(async.scan(cursor, match, count));
  }

  /**
   * Every live key matching {@code match} (a glob; null for all), fetched lazily in pages of up
   * to {@code pageSize} examined keys, so a large keyspace is never read in one call.
   */
  public Stream<String> scanAll(String match, int pageSize) {
    Iterator<List<String>> pages = new Iterator<>() {
      private ScanPage page = scan(null, match, pageSize);
      private boolean taken;

      @Override
      public boolean hasNext() {
        if (taken && !page.isDone()) {
          page = scan(page.cursor(), match, pageSize);
          taken = false;
        }
        return !taken;
      }

      @Override
      public List<String> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        taken = true;
        return page.keys();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false)
        .flatMap(List::stream);
  }

  /**
   * Subscribes {@code listener} to changes of keys starting with {@code prefix} (empty for all):
   * sets, deletes and expiries, in log order, from any node. Survives node failures and leader
   * changes by resubscribing after the last change seen; see {@link Watch}. Close the watch to stop.
   */
  public Watch watch(String prefix, WatchListener listener) {
    Objects.requireNonNull(listener, "listener");
    return new Watch(core.channels, core.scheduler, core.policy, prefix, listener);
  }

  public SetResult set(byte[] key, byte[] value) {
    return await(async.set(key, value));
  }

  public SetResult set(byte[] key, byte[] value, SetOptions options) {
    return await(async.set(key, value, options));
  }

  public SetResult set(String key, String value) {
    return await(async.set(key, value));
  }

  public SetResult set(String key, String value, SetOptions options) {
    return await(async.set(key, value, options));
  }

  public long mset(Map<String, String> values) {
    return await(async.mset(values));
  }

  public long msetBytes(Map<byte[], byte[]> values) {
    return await(async.msetBytes(values));
  }

  public long del(byte[]... keys) {
    return await(async.del(keys));
  }

  public long del(String... keys) {
    return await(async.del(keys));
  }

  public long incrBy(byte[] key, long delta) {
    return await(async.incrBy(key, delta));
  }

  public long incrBy(String key, long delta) {
    return await(async.incrBy(key, delta));
  }

  public long incr(byte[] key) {
    return await(async.incr(key));
  }

  public long incr(String key) {
    return await(async.incr(key));
  }

  public long decrBy(byte[] key, long delta) {
    return await(async.decrBy(key, delta));
  }

  public long decrBy(String key, long delta) {
    return await(async.decrBy(key, delta));
  }

  public boolean expire(byte[] key, Duration ttl) {
    return await(async.expire(key, ttl));
  }

  public boolean expire(String key, Duration ttl) {
    return await(async.expire(key, ttl));
  }

  public boolean persist(byte[] key) {
    return await(async.persist(key));
  }

  public boolean persist(String key) {
    return await(async.persist(key));
  }

  /** Closes the connections; this client and every view made from it stop working. */
  @Override
  public void close() {
    core.close();
  }

  /** Builds a {@link CacheClient}; every setting is checked when it is set. */
  public static final class Builder {
    private List<String> endpoints;
    private Duration timeout = DEFAULT_TIMEOUT;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Optional<SslContext> tls = Optional.empty();
    private Optional<String> authorization = Optional.empty();
    private Optional<String> preferredZone = Optional.empty();

    private Builder() {}

    /** The nodes to start from, as {@code host:port} of their client ports; more are learned. */
    public Builder endpoints(List<String> hostPorts) {
      if (hostPorts == null || hostPorts.isEmpty()) {
        throw new IllegalArgumentException("endpoints: at least one host:port is needed");
      }
      hostPorts.forEach(Builder::checkEndpoint);
      this.endpoints = List.copyOf(hostPorts);
      return this;
    }

    /** Comma-separated {@code host:port} list, e.g. {@code "127.0.0.1:7001,127.0.0.1:7002"}. */
    public Builder endpoints(String commaSeparated) {
      Objects.requireNonNull(commaSeparated, "endpoints");
      return endpoints(Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** How long a call may take, retries included (default 5 s). */
    public Builder timeout(Duration callTimeout) {
      this.timeout = positive(callTimeout, "timeout");
      return this;
    }

    /**
     * Connects over TLS, trusting the certificates this CA signed: the cluster file's
     * {@code tls.ca} (PEM). The file is read now; a node whose certificate does not name the host
     * it is reached by is refused.
     */
    public Builder tls(Path caCertificate) {
      Objects.requireNonNull(caCertificate, "tls");
      if (!Files.isReadable(caCertificate)) {
        throw new IllegalArgumentException("tls: " + caCertificate
            + (Files.exists(caCertificate) ? " cannot be read" : " does not exist"));
      }
      try {
        this.tls = Optional.of(GrpcSslContexts.forClient().trustManager(caCertificate.toFile()).build());
      } catch (SSLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("tls: " + caCertificate + " is not a PEM CA certificate: " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * Logs every call in as {@code user} (a user of the cluster file's {@code users}), sending the
     * pair with each call: use it with {@link #tls}, or the password crosses the network in the clear.
     */
    public Builder credentials(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.isEmpty() || user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("credentials: the user name must be non-empty and hold no ':'");
      }
      this.authorization = Optional.of("Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /**
     * Stale reads go first to the members in {@code zone} (a read replica next to the application,
     * say), and to any other member only when those fail. The members' zones are asked once, as
     * the client is built; with none in that zone answering, stale reads go to any member.
     */
    public Builder preferZone(String zone) {
      this.preferredZone = Optional.of(Objects.requireNonNull(zone, "zone"));
      return this;
    }

    public CacheClient build() {
      if (endpoints == null) {
        throw new IllegalStateException("endpoints must be set");
      }
      ClusterChannels channels = new ClusterChannels(endpoints, MAX_MESSAGE_BYTES, tls, authorization);
      preferredZone.ifPresent(zone -> channels.preferForStaleReads(new StatusCollector(channels, timeout).collect()
          .join().stream().filter(m -> m.reachable() && m.zone().equals(zone)).map(MemberStatus::endpoint).toList()));
      return new CacheClient(new ClientCore(channels, retryPolicy), timeout, ReadOptions.getDefaultInstance());
    }

    static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + d);
      }
      return d;
    }

    private static void checkEndpoint(String endpoint) {
      int colon = endpoint == null ? -1 : endpoint.lastIndexOf(':');
      boolean valid = colon > 0 && colon < endpoint.length() - 1;
      if (valid) {
        try {
          int port = Integer.parseInt(endpoint.substring(colon + 1));
          valid = port > 0 && port < 65_536;
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException("endpoints: '" + endpoint + "' is not host:port");
      }
    }
  }
}
