package io.raftcache.node.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.node.store.DiskFull;
import io.raftcache.node.store.RocksStore;
import io.raftcache.node.store.StoreException;
import io.raftcache.node.watch.ChangeFeed;
import io.raftcache.node.watch.EventRecorder;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import io.raftcache.node.membership.Membership;
import java.util.List;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: decodes committed entries, applies them to the {@link ReplicatedState}
 * and writes what changed to the node's {@link RocksStore}, one batch per entry.
 *
 * <p>Only this node's own proposer may add entries as leader ({@link #startTransaction}); Ratis's
 * client protocol is not served at all ({@link RaftPortGuard}), and this is the second lock.
 *
 * <p>Restart: the store says which index it holds; Ratis replays the log from the latest snapshot,
 * and entries the store already holds are skipped. Snapshots are RocksDB checkpoints. When Ratis
 * installs a snapshot from the leader, the live database is rebuilt from it.
 */
final class CacheStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CacheStateMachine.class);

  private final Path liveDir;
  private final FatalErrorHandler fatal;
  private final ChangeFeed feed;
  private final ClientId proposer;
  private final NodeClock clock;
  private final Throttle refusalWarnings = new Throttle(Duration.ofSeconds(10));
  private final CheckpointSnapshotStorage snapshots = new CheckpointSnapshotStorage();
  private final WriteStages stages = new WriteStages();
  private volatile RocksStore store;
  private volatile ReplicatedState state;
  /** Entries at or below this index were in the store when it was opened: replay skips them. */
  private volatile long recoveredIndex;

  private final List<Consumer<Optional<String>>> leaderListeners = new CopyOnWriteArrayList<>();
  private volatile Consumer<Membership> membershipListener = members -> {};
  /** Whether each state loaded counts requests per key (TinyLFU): a snapshot install loads a new one. */
  private volatile boolean countingRequests;

  /**
   * @param proposer the Ratis client id of this node's proposer, the only one whose requests this
   *     node accepts as leader
   * @param clock told the cluster's time as each entry is applied
   */
  CacheStateMachine(Path liveDir, FatalErrorHandler fatal, ChangeFeed feed, ClientId proposer, NodeClock clock) {
    this.liveDir = liveDir;
    this.fatal = fatal;
    this.feed = feed;
    this.proposer = proposer;
    this.clock = clock;
  }

  ReplicatedState state() {
    return state;
  }

  /** From now on, the state counts requests per key, and so does every state loaded later. */
  void countRequests() {
    countingRequests = true;
    state.countRequests();
  }

  @Override
  public CheckpointSnapshotStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      snapshots.init(raftStorage);
      openStore(false);
    });
  }

  /**
   * Opens the live database and loads it into memory. It is rebuilt first from the latest snapshot
   * if that is ahead of it (an install, or a crash in the middle of one), or if it cannot be read;
   * with no snapshot, an unreadable database is started afresh, since the log was never purged.
   */
  private void openStore(boolean installed) throws IOException {
    var latest = snapshots.latest();
    long snapshotIndex = latest.map(s -> s.termIndex().getIndex()).orElse(-1L);
    Loaded loaded = tryLoad();
    // After an install the leader's snapshot is the state, even at an index the database claims
    // too (a restored cluster's snapshot at index 0, sent to a member wiped since).
    if (loaded == null || loaded.state().progress().appliedIndex() < snapshotIndex || (installed && latest.isPresent())) {
      if (loaded != null) {
        loaded.store().close();
      }
      if (latest.isPresent()) {
        LOG.info("Rebuilding the state database from snapshot {}", latest.get().termIndex());
        RocksStore.replaceWithCheckpoint(liveDir, latest.get().dir());
      } else {
        LOG.warn("Starting the state database afresh; the whole log will be replayed");
        RocksStore.deleteRecursively(liveDir);
      }
      loaded = tryLoad();
      if (loaded == null) {
        throw StoreException.corrupt("the state database in " + liveDir + " cannot be read even after a rebuild");
      }
    }
    store = loaded.store();
    if (countingRequests) {
      loaded.state().countRequests();
    }
    state = loaded.state();
    Progress p = state.progress();
    if (latest.isEmpty() && p.appliedIndex() == 0 && p.revision() > 0) {
      // A store seeded from a backup (BackupRestore) holds state no log entry made. A snapshot of it
      // at index 0 starts the log after it, so a member added or wiped later is sent this state
      // (Ratis sends a new or lagging member the snapshot) instead of replaying the log without it.
      snapshots.create(TermIndex.valueOf(0, 0), store, p);
      LOG.info("Took a snapshot of the state restored from a backup ({} keys)", p.keyCount());
    }
    recoveredIndex = p.appliedIndex();
    feed.reset(p.appliedIndex());
    var snapshot = snapshots.latest();
    snapshot.ifPresent(s -> setLastAppliedTermIndex(s.termIndex()));
    LOG.info("Loaded {} keys at index {} (snapshot {})", p.keyCount(), p.appliedIndex(),
        snapshot.map(s -> s.termIndex().toString()).orElse("none"));
  }

  private record Loaded(RocksStore store, ReplicatedState state) {}

  /**
   * The live database and its contents, or null (logged) if it cannot be opened or read; throws
   * if the disk is full, which no rebuild would cure.
   */
  private Loaded tryLoad() throws StoreException {
    RocksStore opened = null;
    try {
      opened = RocksStore.open(liveDir);
      return new Loaded(opened, opened.load());
    } catch (StoreException e) {
      if (DiskFull.causedBy(e)) {
        throw e; // not a database to rebuild: a rebuild needs room too
      }
      LOG.warn("The state database in {} cannot be used: {}", liveDir, e.getMessage());
      if (opened != null) {
        opened.close();
      }
      return null;
    }
  }

  /**
   * On the leader, before an entry is added to the log: refuses any request that did not come
   * from this node's proposer, which is where the API's checks and the leader's time stamp are.
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext trx = super.startTransaction(request);
    if (!request.getClientId().equals(proposer)) {
      if (refusalWarnings.allow()) {
        LOG.warn("Refused a write from Ratis client {}: entries are proposed only by the node itself",
            request.getClientId());
      }
      trx.setException(new StateMachineException(
          "raftcache takes writes through its client API only, not through Ratis's client protocol"));
    }
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    if (index <= recoveredIndex) {
      updateLastAppliedTermIndex(term, index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    long startNanos = System.nanoTime();
    CommandResult result;
    try (RocksStore.Batch batch = store.newBatch()) {
      LogCommand command = decode(entry.getStateMachineLogEntry().getLogData());
      EventRecorder events = new EventRecorder(batch, EventRecorder.removalBy(command));
      result = state.apply(term, index, command, events);
      batch.commit();
      feed.publish(index, events.events());
    } catch (StoreException | RuntimeException e) {
      // The memory is ahead of the disk now; going on would store later progress over a gap.
      // Fail-stop: this node exits and replays from its durable state; the others carry on.
      fatal.fatal("cannot persist entry " + index, e);
      throw new IllegalStateException("cannot persist entry " + index + "; stopping", e);
    }
    updateLastAppliedTermIndex(term, index);
    clock.observe(state.clusterTimeMillis());
    Message reply = Message.valueOf(UnsafeByteOperations.unsafeWrap(result.toByteArray()));
    stages.applied(index, startNanos, System.nanoTime());
    return CompletableFuture.completedFuture(reply);
  }

  /** The apply times of recent entries, for the leader's per-stage write latencies. */
  WriteStages stages() {
    return stages;
  }

  private static LogCommand decode(ByteString data) {
    try {
      return LogCommand.parseFrom(data.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      // Every replica decodes the same bytes and fails the same way: answer an error, apply nothing.
      return LogCommand.getDefaultInstance();
    }
  }

  /** RocksDB's memory outside the heap, by part; empty before the store is open. */
  Map<String, Long> storeMemoryBytes() {
    RocksStore open = store;
    return open == null ? Map.of() : open.memoryBytes();
  }

  /**
   * Calls {@code listener} with the new leader's id on every change. Ratis (3.3) reports a new
   * leader only, never the loss of one, so an empty id is not expected; whoever must notice a
   * leader gone polls (ApiServer's health).
   */
  void addLeaderListener(Consumer<Optional<String>> listener) {
    leaderListeners.add(listener);
  }

  /** Ratis's own election messages are turned down (logback); this is the one line that matters. */
  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId leader) {
    Optional<String> leaderId = Optional.ofNullable(leader).map(RaftPeerId::toString);
    for (Consumer<Optional<String>> listener : leaderListeners) {
      listener.accept(leaderId);
    }
    if (leader == null) {
      LOG.info("{} knows no leader: an election is under way", member.getPeerId());
    } else if (leader.equals(member.getPeerId())) {
      LOG.info("{} was elected leader", leader);
    } else {
      LOG.info("{} follows leader {}", member.getPeerId(), leader);
    }
  }

  /** Calls {@code listener} with the group's members each time this node applies a configuration entry. */
  void setMembershipListener(Consumer<Membership> listener) {
    membershipListener = listener;
  }

  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
    membershipListener.accept(new Membership(members(conf.getPeersList()), members(conf.getListenersList())));
  }

  private static List<Membership.Member> members(List<RaftPeerProto> peers) {
    return peers.stream().map(p -> new Membership.Member(p.getId().toStringUtf8(), p.getAddress())).toList();
  }

  /**
   * The Raft log could not be written: a full or failing disk. Ratis's log stays failed for good
   * after that, leaving a member that falls further behind every second while it answers reads
   * and reports itself a follower; fail-stop instead, and let a restart find out whether the
   * disk has room again.
   */
  @Override
  public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
    fatal.fatal("the Raft log in " + liveDir.resolveSibling("raft") + " cannot be written"
        + (failedEntry == null ? "" : " (entry " + failedEntry.getIndex() + ")"), cause);
  }

  @Override
  public void notifyLeaderReady() {
    LOG.info("This node is the leader and ready (it has applied everything before its term)");
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    state.markApplied(term, index);
  }

  /**
   * The query of a linearizable read: Ratis calls it once this node has applied everything up to
   * the read index, which is all {@link ReadBarrier} waits for; the reads themselves run afterwards,
   * on the state, without a trip through Ratis's messages.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /** On the apply thread, so nothing is applied meanwhile; a checkpoint takes milliseconds. */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    var latest = snapshots.latest();
    long latestIndex = latest.map(s -> s.termIndex().getIndex()).orElse(-1L);
    // While replay skips entries the store already holds, the data is ahead of `last`: a
    // checkpoint now would claim less than it holds, and a restore from it would apply twice.
    if (latestIndex >= last.getIndex() || last.getIndex() < recoveredIndex) {
      return latestIndex;
    }
    // The checkpoint must say it includes `last`, even if `last` was a configuration entry.
    state.markApplied(last.getTerm(), last.getIndex());
    try (RocksStore.Batch batch = store.newBatch()) {
      batch.progress(state.storedProgress());
      batch.commit();
    }
    snapshots.create(last, store, state.progress());
    return last.getIndex();
  }

  /** The latest snapshot, pinned into {@code into} for a backup. */
  PinnedSnapshot pinLatest(Path into) throws IOException {
    CheckpointSnapshotStorage.Snapshot latest = snapshots.latest()
        .orElseThrow(() -> new IOException("this node has no snapshot yet: nothing has been written"));
    Progress summary = CheckpointSnapshotStorage.summaryOf(latest).orElseThrow(() -> new IOException(
        "snapshot " + latest.termIndex() + " was made by an older raftcache and records no digest; the next snapshot"
            + " will (after snapshot_interval_entries writes)"));
    return PinnedSnapshot.of(latest, summary, into);
  }

  /** Ratis is about to replace the snapshot folder with one received from the leader. */
  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** A snapshot from the leader was installed: rebuild the live database and memory from it. */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().transition(LifeCycle.State.STARTING);
    snapshots.reload();
    if (snapshots.latest().isEmpty()) {
      throw new IOException("no snapshot found after an install");
    }
    RocksStore old = store;
    store = null;
    old.close();
    openStore(true);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  @Override
  public void close() {
    getLifeCycle().checkStateAndClose(() -> {
      RocksStore s = store;
      store = null;
      if (s != null) {
        s.close();
      }
    });
  }
}
