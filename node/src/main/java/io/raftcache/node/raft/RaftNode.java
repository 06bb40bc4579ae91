package io.raftcache.node.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.command.ReadCommand;
import io.raftcache.node.command.Replicator;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.node.keyspace.KeyStats;
import io.raftcache.node.keyspace.Value;
import io.raftcache.node.watch.ChangeFeed;
import io.raftcache.node.statemachine.ClusterClock;
import io.raftcache.node.store.RocksStore;
import io.raftcache.node.store.StoreException;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ClockTick;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import io.raftcache.node.membership.Directory;
import io.raftcache.node.membership.Membership;
import io.raftcache.node.membership.MembershipPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Set;
import java.util.Map;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the Raft group: the only class the rest of the node uses to replicate a
 * command, read through Raft, or ask about the group. No Ratis type crosses its surface.
 */
public final class RaftNode implements Replicator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  /** Group commit: entries in flight at once, and the size of one entry's batch of writes. */
  private static final int BATCHES_IN_FLIGHT = 2;
  private static final int MAX_BATCH_COMMANDS = 1000;
  private static final long MAX_BATCH_BYTES = 4L << 20;

  private final RaftServer server;
  private final RaftGroupId groupId;
  private final CacheStateMachine stateMachine;
  private final ChangeFeed feed;
  private final NodeClock clock;
  /**
   * Ratis's own request ids; exactly-once comes from the (client id, sequence) in each command.
   * Random per process: as leader, the state machine accepts entries from this id only.
   */
  private final ClientId submitterId;
  private final AtomicLong callIds = new AtomicLong();
  private final WriteBatcher batcher =
      new WriteBatcher(this::replicate, BATCHES_IN_FLIGHT, MAX_BATCH_COMMANDS, MAX_BATCH_BYTES);
  private final ReadBarrier reads = new ReadBarrier(this::confirmCurrent);
  private final Acceptances acceptances;
  private final Directory directory;
  private final MembershipChanges membershipChanges;
  /** How long a leader waits for a majority to accept its requests before it confirms by committing. */
  private final Duration confirmWait;
  /** Reads confirmed by committing an entry, since the last log line about them. */
  private final AtomicLong committedConfirmations = new AtomicLong();
  private final Throttle committedLog = new Throttle(Duration.ofSeconds(10));
  /**
   * Hands requests to Ratis. Ratis's submit blocks until its own client executor has taken the
   * request, and completes replies on its threads while holding its locks; a batch or read
   * confirmation started from such a completion would deadlock, and one started from a network
   * thread would stall it. So every submission goes through this one thread.
   */
  private final ExecutorService proposer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "raft-proposer");
    t.setDaemon(true);
    return t;
  });

  private RaftNode(RaftServer server, RaftGroupId groupId, CacheStateMachine stateMachine, ChangeFeed feed,
      NodeClock clock, ClientId submitterId, Acceptances acceptances, Duration confirmWait, Directory directory) {
    this.server = server;
    this.directory = directory;
    this.membershipChanges = new MembershipChanges(server, groupId, submitterId, callIds::incrementAndGet);
    this.acceptances = acceptances;
    this.confirmWait = confirmWait;
    this.groupId = groupId;
    this.stateMachine = stateMachine;
    this.feed = feed;
    this.clock = clock;
    this.submitterId = submitterId;
  }

  /**
   * Opens (or creates) this node's storage under its data dir and joins the group: the one its
   * storage names, or {@code initial} on an empty data dir. Refuses to start (IOException) if the
   * group places a member at another Raft address than the cluster file does.
   */
  public static RaftNode start(ClusterConfig cluster, NodeConfig self, Membership initial, NodeTls tls, Clock clock,
      FatalErrorHandler fatal)
      throws IOException {
    RaftGroupId groupId = groupIdOf(cluster);
    ChangeFeed feed = new ChangeFeed(ChangeFeed.DEFAULT_CAPACITY, ChangeFeed.DEFAULT_BYTE_CAPACITY);
    NodeClock nodeClock = NodeClock.system(clock);
    ClientId submitterId = ClientId.randomId();
    CacheStateMachine stateMachine = new CacheStateMachine(self.dataDir().resolve("state"), fatal, feed,
        submitterId, nodeClock);
    Directory directory = new Directory(cluster, initial);
    stateMachine.setMembershipListener(directory::membershipChanged);
    Parameters parameters = new Parameters();
    GrpcConfigKeys.Server.setServicesCustomizer(parameters, new RaftPortGuard());
    tls.secureRaft(parameters);
    Acceptances acceptances = new Acceptances();
    ReplicationRpc.setAcceptances(parameters, acceptances);
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(self.id()))
        .setGroup(MembershipChanges.group(groupId, initial))
        .setStateMachine(stateMachine)
        .setProperties(RaftSettings.of(self, cluster.tunables(), self.dataDir().resolve("raft")))
        .setParameters(parameters)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    try {
      server.start();
      requireLogReachesSnapshot(server.getDivision(groupId), self.dataDir().resolve("raft"));
      Membership stored = MembershipChanges.of(server.getDivision(groupId).getRaftConf());
      requireSameAddresses(cluster, stored);
      directory.membershipChanged(stored);
    } catch (IOException | RuntimeException e) {
      server.close();
      feed.close();
      throw e;
    }
    return new RaftNode(server, groupId, stateMachine, feed, nodeClock, submitterId, acceptances,
        cluster.tunables().electionTimeoutMin(), directory);
  }

  /**
   * Whether {@code self}'s storage holds a configuration of the group, which Ratis starts from:
   * it has applied one (every member does as soon as a leader is elected). A node that only ever
   * waited to be added has storage but none, and would otherwise start in the file's group.
   */
  public static boolean hasStoredMembership(ClusterConfig cluster, NodeConfig self) {
    return Files.isRegularFile(self.dataDir().resolve("raft").resolve(groupIdOf(cluster).getUuid().toString())
        .resolve("current").resolve("raft-meta.conf"));
  }

  /**
   * Refuses a log that still holds entries but ends before the latest snapshot, which was made
   * from entries this node had written: a segment lost some (truncated). Ratis reads a short last
   * segment as a write cut off by a crash and starts, then fails every append past its log's end,
   * leaving a member that never catches up while it answers reads.
   */
  private static void requireLogReachesSnapshot(RaftServer.Division division, Path logDir) throws StoreException {
    TermIndex last = division.getRaftLog().getLastEntryTermIndex();
    long snapshot = division.getRaftLog().getSnapshotIndex();
    if (last != null && last.getIndex() < snapshot) {
      throw StoreException.corrupt("the Raft log in " + logDir + " ends at entry " + last.getIndex()
          + ", before the snapshot at " + snapshot + " that was made from it: a segment lost entries");
    }
  }

  /**
   * Deletes what {@code self} holds of the cluster's data, its Raft log and snapshots and its state
   * database (not its logs): a node started afterwards has nothing, and is caught up by the
   * leader. Returns the folders deleted.
   */
  public static List<Path> discardState(NodeConfig self) throws IOException {
    List<Path> discarded = new ArrayList<>();
    try (Stream<Path> entries = Files.exists(self.dataDir()) ? Files.list(self.dataDir()) : Stream.empty()) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (name.equals("raft") || name.equals("state") || name.startsWith("state.")) { // state.rebuild: a rebuild cut short
          RocksStore.deleteRecursively(entry);
          discarded.add(entry);
        }
      }
    }
    return discarded;
  }

  private static RaftGroupId groupIdOf(ClusterConfig cluster) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("raftcache:" + cluster.cluster()).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The group and the file must agree on where a member is: Ratis would send the log to the
   * group's address while clients and forwarded writes went to the file's.
   */
  private static void requireSameAddresses(ClusterConfig cluster, Membership group) throws IOException {
    for (Membership.Member m : group.all()) {
      Optional<NodeConfig> listed = cluster.find(m.id());
      if (listed.isPresent() && !listed.get().raftAddress().equals(m.raftAddress())) {
        throw new IOException(cluster.file() + ": " + listed.get().field("raft_port") + ": the group has member "
            + m.id() + " at " + m.raftAddress() + " but the file says " + listed.get().raftAddress()
            + "; a member keeps its address: to move a node, add one under a new id and remove the old (replace-node)");
      }
    }
  }

  @Override
  public CompletableFuture<CommandResult> write(LogCommand command) {
    // The leader's expiry and eviction go alone: their entries tell the change feed how keys went.
    return command.hasExpireKeys() || command.hasEvictKeys() ? replicate(command) : batcher.write(command);
  }

  /**
   * Proposes one entry, stamped with this node's clock: only the leader accepts an entry, so the
   * time in the log is always a leader's.
   */
  private CompletableFuture<CommandResult> replicate(LogCommand entry) {
    byte[] stamped = entry.toBuilder().setLeaderTimeMs(clock.millis()).build().toByteArray();
    return submit(RaftClientRequest.writeRequestType(), stamped)
        .thenApply(bytes -> parse(bytes, CommandResult.parser()));
  }

  @Override
  public CompletableFuture<?> awaitCurrent() {
    return reads.await();
  }

  /**
   * Asks Ratis to confirm, for a read, that this node's state is current; nothing is read through
   * Ratis. Ratis waits until this node has applied what was committed, but on a leader its
   * confirmation can be wrong (see {@link Acceptances}): a node that led before or after Ratis's
   * answer also needs a majority to accept requests it sent since the confirmation began, or,
   * failing that within {@link #confirmWait}, to commit an entry of its own (only a leader still in
   * office commits).
   */
  private CompletableFuture<?> confirmCurrent() {
    long since = acceptances.now();
    boolean ledBefore = leads();
    return submit(RaftClientRequest.readRequestType(), new byte[0]).thenCompose(ignored ->
        ledBefore || leads() ? acceptedSince(since).thenCompose(accepted -> accepted ? done() : commitToConfirm())
            : done());
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Boolean> acceptedSince(long since) {
    try {
      var conf = division().getRaftConf();
      return acceptances.acceptedSince(since, server.getId(), conf.getCurrentPeers().stream().map(RaftPeer::getId).toList(),
          conf.getPreviousPeers().stream().map(RaftPeer::getId).toList(), confirmWait);
    } catch (IOException closed) {
      return CompletableFuture.completedFuture(false);
    }
  }

  private CompletableFuture<Void> commitToConfirm() {
    long count = committedConfirmations.incrementAndGet();
    if (committedLog.allow()) {
      committedConfirmations.addAndGet(-count);
      LOG.info("No majority accepted this leader's requests within {} ms of a read: committing an entry before "
          + "answering ({} such reads since the last line)", confirmWait.toMillis(), count);
    }
    return tick().thenApply(applied -> null);
  }

  /** How long a leadership transfer may take before it is given up (Raft keeps the old leader then). */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Hands this leader's leadership to {@code to}, or to the follower furthest along, through
   * Ratis's leadership transfer (the target catches up, then starts an election at once);
   * completes with the new leader's id, or fails with a CommandFailedException: NOT_LEADER naming
   * the leader on a follower, INVALID_ARGUMENT for an unknown target or a refused transfer.
   */
  public CompletableFuture<String> transferLeadership(Optional<String> to) {
    RaftServer.Division division;
    try {
      division = leaderDivision();
    } catch (CommandFailedException e) {
      return CompletableFuture.failedFuture(e);
    }
    Membership members = MembershipChanges.of(division.getRaftConf());
    Optional<String> target = to.or(() -> followerLags().stream().filter(lag -> !members.isReplica(lag.id()))
        .min(Comparator.comparingLong(Acceptances.FollowerLag::entries)).map(Acceptances.FollowerLag::id));
    if (target.isEmpty()) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "to: there is no follower to hand the leadership to"));
    }
    RaftPeerId next = RaftPeerId.valueOf(target.get());
    if (members.find(target.get()).isEmpty() || members.isReplica(target.get())) {
      return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "to: '" + target.get() + "' is " + (members.isReplica(target.get()) ? "a read replica, which never leads"
              : "not a member") + " (" + members + ")"));
    }
    TransferLeadershipRequest request = new TransferLeadershipRequest(submitterId, server.getId(), groupId,
        callIds.incrementAndGet(), next, TRANSFER_TIMEOUT.toMillis());
    try {
      return server.transferLeadershipAsync(request).thenApply(reply -> {
        if (!reply.isSuccess()) {
          throw new CompletionException(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
              "the transfer to " + next + " failed: " + reply.getException().getMessage()));
        }
        return next.toString();
      });
    } catch (IOException notRunning) {
      return CompletableFuture.failedFuture(unavailable("the Raft server is not running: " + notRunning.getMessage()));
    }
  }

  /** Who the members are and where: what every front end looks nodes up in. */
  public Directory directory() {
    return directory;
  }

  /**
   * On the leader: adds {@code adding} (a node of the cluster file), removes {@code removing}, or
   * both, after {@link MembershipPlan}'s checks; completes with the members once the change has
   * committed. Fails with NOT_LEADER on a follower, INVALID_ARGUMENT for a refused change.
   */
  public CompletableFuture<Membership> changeMembership(Optional<String> adding, Optional<String> removing,
      boolean force) {
    RaftServer.Division division;
    try {
      division = leaderDivision();
    } catch (CommandFailedException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<NodeConfig> node = Optional.empty();
    if (adding.isPresent()) {
      node = directory.nodeAsFileSaysNow(adding.get());
      if (node.isEmpty()) {
        return CompletableFuture.failedFuture(new CommandFailedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
            "add: '" + adding.get() + "' is not in the cluster file " + directory.file().file()
                + " as this leader (" + server.getId() + ") reads it; add its entry there first"));
      }
    }
    Membership current = MembershipChanges.of(division.getRaftConf());
    Membership next;
    try {
      next = MembershipPlan.plan(current, node, removing, force, server.getId().toString(), votersInContact());
    } catch (CommandFailedException e) {
      return CompletableFuture.failedFuture(e);
    }
    LOG.info("Changing the group's members from {} to {}", current, next);
    return membershipChanges.change(current, next).thenApply(done -> next);
  }

  /** This node and the voters that accepted its requests within an election timeout. */
  private Set<String> votersInContact() {
    Set<String> inContact = new HashSet<>();
    inContact.add(server.getId().toString());
    for (Acceptances.FollowerLag lag : followerLags()) {
      if (lag.sinceAccepted() != null && lag.sinceAccepted().compareTo(confirmWait.multipliedBy(2)) < 0) {
        inContact.add(lag.id());
      }
    }
    return inContact;
  }

  /** This node's division while it leads; a NOT_LEADER (or NO_LEADER) failure otherwise. */
  private RaftServer.Division leaderDivision() throws CommandFailedException {
    RaftServer.Division division;
    try {
      division = division();
    } catch (IOException closed) {
      throw unavailable("the Raft server is not running: " + closed.getMessage());
    }
    if (!division.getInfo().isLeader()) {
      RaftPeerId leader = division.getInfo().getLeaderId();
      throw leader == null ? unavailable("no leader is known: an election is under way")
          : new CommandFailedException(ErrorCode.ERROR_CODE_NOT_LEADER, "this node is not the leader", leader.toString());
    }
    return division;
  }

  /** How long a backup waits for this node's snapshot. */
  private static final Duration BACKUP_SNAPSHOT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Takes a snapshot of what this node has applied (none if nothing was applied since the last)
   * and pins it into {@code into} for a backup; the caller closes it once the files are sent.
   */
  public CompletableFuture<PinnedSnapshot> snapshotForBackup(Path into) {
    SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(submitterId, server.getId(), groupId,
        callIds.incrementAndGet(), BACKUP_SNAPSHOT_TIMEOUT.toMillis(), 1);
    return server.snapshotManagementAsync(request).thenApply(reply -> {
      if (!reply.isSuccess()) {
        throw new CompletionException(new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL,
            "the snapshot for the backup failed: " + reply.getException().getMessage()));
      }
      try {
        return stateMachine.pinLatest(into);
      } catch (IOException e) {
        throw new CompletionException(new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL,
            "the backup could not take the snapshot's files: " + e.getMessage()));
      }
    });
  }

  /** While this node leads, how far behind it each follower is; empty otherwise. */
  public List<Acceptances.FollowerLag> followerLags() {
    try {
      RaftServer.Division division = division();
      return division.getInfo().isLeader() ? acceptances.lags(division.getRaftLog().getNextIndex() - 1) : List.of();
    } catch (IOException closed) {
      return List.of();
    }
  }

  private boolean leads() {
    try {
      return division().getInfo().isLeader();
    } catch (IOException closed) {
      return false;
    }
  }

  @Override
  public <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> R readLocal(
      ReadCommand<Q, R> command, Q request) {
    return stateMachine.state().read(command, request, clock.millis());
  }

  /**
   * Calls {@code listener} with the leader's id whenever this node learns of a new one (or none,
   * when an election starts); called on a Raft thread, so it must not block.
   */
  public void addLeaderListener(java.util.function.Consumer<Optional<String>> listener) {
    stateMachine.addLeaderListener(listener);
  }

  /** The key events of the entries this node applies, for the Watch stream. */
  public ChangeFeed feed() {
    return feed;
  }

  /** What the leader would propose to expire now. */
  @Override
  public long usedMemory() {
    return stateMachine.state().usedMemory();
  }

  /** RocksDB's memory outside the heap, by part (memtables, table readers, block cache). */
  public Map<String, Long> storeMemoryBytes() {
    return stateMachine.storeMemoryBytes();
  }

  /** This node's counts of hits, misses, expired and evicted keys. */
  public KeyStats keyStats() {
    return stateMachine.state().stats();
  }

  /** How many keys hold a value of {@code kind}. */
  public long keys(Value.Kind kind) {
    return stateMachine.state().keys(kind);
  }

  @Override
  public long keysWithTtl() {
    return stateMachine.state().keysWithTtl();
  }

  @Override
  public boolean isRetryOfApplied(LogCommand entry) {
    return stateMachine.state().isRetryOfApplied(entry);
  }

  /** From now on, counts the requests for each key, for the TinyLFU eviction policy. */
  public void countRequests() {
    stateMachine.countRequests();
  }

  /** As leader, the keys to evict to bring memory under {@code limit}; none while it is not passed. */
  public EvictKeys findVictims(MemoryLimit limit, int maxKeys) {
    return stateMachine.state().findVictims(limit, clock.millis(), maxKeys);
  }

  public ExpireKeys findExpired(int limit) {
    return stateMachine.state().findExpired(clock.millis(), limit);
  }

  /**
   * As leader, proposes an entry carrying only this node's time if the cluster's clock has fallen
   * {@link io.raftcache.node.statemachine.ClusterClock#TICK_AFTER_MILLIS} behind it (nothing else
   * was written for that long); completes at once otherwise.
   */
  public CompletableFuture<?> tickIfIdle() {
    if (clock.millis() - stateMachine.state().clusterTimeMillis() < ClusterClock.TICK_AFTER_MILLIS) {
      return CompletableFuture.completedFuture(null);
    }
    return tick();
  }

  /** An entry carrying only this node's time; completes once applied. */
  private CompletableFuture<CommandResult> tick() {
    return write(LogCommand.newBuilder().setTick(ClockTick.getDefaultInstance()).build());
  }

  private CompletableFuture<byte[]> submit(RaftClientRequest.Type type, byte[] payload) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(submitterId)
        .setServerId(server.getId())
        .setGroupId(groupId)
        .setCallId(callIds.incrementAndGet())
        .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(payload)))
        .setType(type)
        .build();
    long takenNanos = System.nanoTime();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = CompletableFuture.supplyAsync(() -> new Proposal(System.nanoTime(), submitNow(request)), proposer)
          .thenCompose(proposal -> {
            // A side branch: whatever the timing does, the reply returned below is Ratis's own.
            proposal.reply().thenAccept(r -> {
              if (r.isSuccess() && type.is(RaftClientRequestProto.TypeCase.WRITE)) {
                stateMachine.stages().replied(r.getLogIndex(), takenNanos, proposal.proposedNanos(), System.nanoTime());
              }
            });
            return proposal.reply();
          });
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.failedFuture(unavailable("the node is shutting down"));
    }
    return reply.handle((r, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        throw cause instanceof CommandFailedException e ? new CompletionException(e)
            : new CompletionException(unavailable("the Raft server failed the request: " + cause));
      }
      return contentOf(r);
    });
  }

  /** A request handed to Ratis, and when. */
  private record Proposal(long proposedNanos, CompletableFuture<RaftClientReply> reply) {}

  /** Reports the duration of each stage of this leader's writes to {@code observer}. */
  public void observeWriteStages(WriteStages.Observer observer) {
    stateMachine.stages().observeWith(observer);
  }

  /** On the proposer thread only: see {@link #proposer}. */
  private CompletableFuture<RaftClientReply> submitNow(RaftClientRequest request) {
    try {
      return server.submitClientRequestAsync(request);
    } catch (IOException notRunning) {
      throw new CompletionException(unavailable("the Raft server is not running: " + notRunning.getMessage()));
    }
  }

  private byte[] contentOf(RaftClientReply reply) {
    if (reply.isSuccess()) {
      return reply.getMessage().getContent().toByteArray();
    }
    throw new CompletionException(toCommandFailedException(reply));
  }

  private CommandFailedException toCommandFailedException(RaftClientReply reply) {
    NotLeaderException notLeader = reply.getNotLeaderException();
    if (notLeader != null) {
      RaftPeer suggested = notLeader.getSuggestedLeader();
      return suggested == null
          ? unavailable("this node is not the leader and knows of none")
          : new CommandFailedException(ErrorCode.ERROR_CODE_NOT_LEADER,
              "this node is not the leader; the leader is " + suggested.getId(), suggested.getId().toString());
    }
    RaftException e = reply.getException();
    if (e instanceof LeaderNotReadyException) {
      return unavailable("the leader was just elected and is not ready yet");
    }
    if (e instanceof ResourceUnavailableException) {
      return new CommandFailedException(ErrorCode.ERROR_CODE_OVERLOADED, "too many pending writes: " + e.getMessage(), null);
    }
    if (e instanceof StateMachineException) {
      return new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL, e.getMessage(), null);
    }
    return unavailable(e == null ? "the request failed" : e.getMessage());
  }

  private static CommandFailedException unavailable(String message) {
    return new CommandFailedException(ErrorCode.ERROR_CODE_NO_LEADER, message, null);
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new CompletionException(
          new CommandFailedException(ErrorCode.ERROR_CODE_INTERNAL, "unreadable reply: " + e.getMessage(), null));
    }
  }

  /**
   * How far behind the leader this node's copy may be, in milliseconds: 0 on the leader; on a
   * follower or replica, how long since it last heard from the leader when it has applied all the
   * leader had committed by then (as the leader last told it), and otherwise at least how old the
   * last entry it applied is by the leader's stamp (which needs the clocks in step). Unbounded on
   * a node that is not a member or knows no leader.
   */
  public long stalenessMillis() {
    RaftServer.Division division;
    try {
      division = division();
    } catch (IOException closed) {
      return Long.MAX_VALUE;
    }
    if (division.getInfo().isLeader()) {
      return 0;
    }
    RaftPeerId leader = division.getInfo().getLeaderId();
    var role = division.getInfo().getRoleInfoProto();
    if (leader == null || !role.hasFollowerInfo() || directory.membership().find(server.getId().toString()).isEmpty()) {
      return Long.MAX_VALUE;
    }
    long sinceLeader = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
    // This node's own commit index never passes what it has received; the leader's, as the leader
    // reports it with every append, also counts what this node has not received yet.
    long leaderCommit = Math.max(division.getRaftLog().getLastCommittedIndex(), division.getCommitInfos().stream()
        .filter(c -> c.getServer().getId().toStringUtf8().equals(leader.toString()))
        .mapToLong(CommitInfoProto::getCommitIndex).max().orElse(-1));
    Progress applied = stateMachine.state().progress();
    if (applied.appliedIndex() >= leaderCommit) {
      return sinceLeader;
    }
    return Math.max(sinceLeader, Math.max(0, clock.millis() - applied.clusterTimeMillis()));
  }

  /** Whether this node's group has committed an entry: false while every member is still starting. */
  public boolean hasCommitted() {
    try {
      return division().getRaftLog().getLastCommittedIndex() >= 0;
    } catch (IOException closed) {
      return false;
    }
  }

  /** Whether this node knows a leader now (itself included). */
  public boolean knowsLeader() {
    try {
      return division().getInfo().getLeaderId() != null;
    } catch (IOException closed) {
      return false;
    }
  }

  public boolean isLeaderReady() {
    try {
      return division().getInfo().isLeaderReady();
    } catch (IOException closed) {
      return false;
    }
  }

  /** Whether Ratis has closed (or is closing) this member, e.g. after a failure of its own. */
  public boolean isClosed() {
    try {
      return division().getInfo().getLifeCycleState().isClosingOrClosed();
    } catch (IOException gone) {
      return true;
    }
  }

  public RaftStatus status() throws IOException {
    RaftServer.Division division = division();
    var info = division.getInfo();
    ReplicatedState state = stateMachine.state();
    var snapshot = stateMachine.getLatestSnapshot();
    return new RaftStatus(
        role(info.getCurrentRole()),
        Optional.ofNullable(info.getLeaderId()).map(RaftPeerId::toString),
        info.getCurrentTerm(),
        division.getRaftLog().getLastCommittedIndex(),
        state.progress(),
        snapshot == null ? 0 : snapshot.getIndex(),
        division.getRaftLog().getStartIndex(),
        info.isLeaderReady(),
        state.stats());
  }

  private static Role role(org.apache.ratis.proto.RaftProtos.RaftPeerRole role) {
    return switch (role) {
      case LEADER -> Role.ROLE_LEADER;
      case FOLLOWER -> Role.ROLE_FOLLOWER;
      case CANDIDATE -> Role.ROLE_CANDIDATE;
      case LISTENER -> Role.ROLE_LISTENER;
      default -> Role.ROLE_UNSPECIFIED;
    };
  }

  private RaftServer.Division division() throws IOException {
    return server.getDivision(groupId);
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      proposer.shutdown();
      feed.close();
    }
  }
}
