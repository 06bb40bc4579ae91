package io.raftcache.node.statemachine;

import com.google.protobuf.Message;
import io.raftcache.node.command.CommandRejectedException;
import io.raftcache.node.command.CommandTable;
import io.raftcache.node.command.Handlers;
import io.raftcache.node.command.InvalidRequestException;
import io.raftcache.node.command.Limits;
import io.raftcache.node.command.ReadCommand;
import io.raftcache.node.command.RequestValidator;
import io.raftcache.node.command.WriteCommand;
import io.raftcache.node.keyspace.CollectionValue;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.KeyStats;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.proto.internal.BatchResult;
import io.raftcache.proto.internal.CommandError;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.LogBatch;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.internal.StoredSession;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.WriteHeader;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's state: the keyspace, the clients' de-duplication sessions and the position in the
 * log, changed only by {@link #apply} in log order. It has no Raft types and no disk: what an entry
 * changed is handed to a {@link StateChanges} for the caller to persist.
 *
 * <p>Deterministic: an entry's effect depends only on the entry and the state before it. Time is
 * the leader's stamp, bounded by the {@link ClusterClock}, never a local clock. Every command is
 * checked again with the API's rules before it is applied, so one that should never have been
 * proposed changes nothing, alike on every replica.
 *
 * <p>Thread-safe: one apply thread writes, any thread reads, under a read-write lock so a read
 * never sees half of a multi-key command.
 */
public final class ReplicatedState {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedState.class);
  private static final RequestValidator RULES = new RequestValidator(Limits.CEILINGS);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Keyspace keyspace = new Keyspace();
  private final ClientSessions sessions = new ClientSessions();
  private final Handlers handlers = new Handlers(keyspace);
  private final ClusterClock clock = new ClusterClock();
  private long appliedTerm;
  private long appliedIndex;

  /** Applies one committed entry and returns the reply for the request that proposed it. */
  public CommandResult apply(long term, long index, LogCommand command, StateChanges changes) {
    lock.writeLock().lock();
    try {
      long now = clock.advance(term, command.getLeaderTimeMs());
      keyspace.applyingAt(now);
      sessions.sweepIfDue(now);
      CommandResult result = command.hasBatch() ? applyBatch(command.getBatch(), now) : applyOnce(command, now);
      appliedTerm = term;
      appliedIndex = index;
      keyspace.drainChanges(changes);
      sessions.drainChanges(changes::session);
      changes.progress(storedProgress());
      return result;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Records that an entry with no command for us (configuration, Ratis metadata) was applied.
   * Ignores an index the state is already past.
   */
  public void markApplied(long term, long index) {
    lock.writeLock().lock();
    try {
      if (index > appliedIndex) {
        appliedTerm = term;
        appliedIndex = index;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private CommandResult applyBatch(LogBatch batch, long now) {
    BatchResult.Builder results = BatchResult.newBuilder();
    for (LogCommand command : batch.getCommandsList()) {
      results.addResults(applyOnce(command, now));
    }
    return CommandResult.newBuilder().setBatch(results).build();
  }

  private CommandResult applyOnce(LogCommand entry, long now) {
    WriteCommand<?, ?> command = CommandTable.of(entry);
    if (command == null) {
      return error(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, entry.hasBatch()
          ? "batch: a batch inside a batch" : "command: the log entry carries no command");
    }
    return applyOnce(command, entry, now);
  }

  private <Q extends Message, R extends Message> CommandResult applyOnce(WriteCommand<Q, R> command, LogCommand entry,
      long now) {
    Q request = command.request(entry);
    WriteHeader header = command.header(entry);
    try {
      RULES.check(header);
      command.check(RULES, request);
    } catch (InvalidRequestException e) {
      return error(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, e.getMessage());
    }
    if (header.getClientId().isEmpty()) {
      return execute(command, request, now);
    }
    Key clientId = Key.wrap(header.getClientId().toByteArray());
    ClientSessions.Lookup seen = sessions.lookup(clientId, header.getSequence(), now);
    if (seen instanceof ClientSessions.Cached cached) {
      return cached.result();
    }
    if (seen instanceof ClientSessions.Forgotten) {
      return error(ErrorCode.ERROR_CODE_RETRY_EXPIRED,
          "request " + header.getSequence() + " is older than the results kept for this client");
    }
    CommandResult result = execute(command, request, now);
    sessions.record(clientId, header.getSequence(), header.getFirstUnackedSequence(), result, now);
    return result;
  }

  private <Q extends Message, R extends Message> CommandResult execute(WriteCommand<Q, R> command, Q request,
      long now) {
    try {
      return command.result(command.run(handlers, request, now));
    } catch (CommandRejectedException e) {
      return error(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      // A throw out of apply would stop the Raft server; the entry fails the same way everywhere.
      LOG.error("Applying {} failed", command, e);
      return error(ErrorCode.ERROR_CODE_INTERNAL, "applying the command failed: " + e);
    }
  }

  private static CommandResult error(ErrorCode code, String message) {
    return CommandResult.newBuilder()
        .setError(CommandError.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  /**
   * Answers a read from this replica's state. Keys whose deadline has passed by {@code
   * wallClockMillis} (or by the last applied entry's time, if later) are hidden.
   *
   * @throws CommandRejectedException if the data does not fit the read (a wrong type)
   */
  public <Q extends Message, R extends Message> R read(ReadCommand<Q, R> command, Q request, long wallClockMillis) {
    lock.readLock().lock();
    try {
      return command.run(handlers, request, Math.max(wallClockMillis, clock.millis()));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The leader's proposal of keys to delete: those expired by {@code wallClockMillis}, or by the
   * last applied entry's time if that is later (a previous leader's clock ran ahead).
   */
  public ExpireKeys findExpired(long wallClockMillis, int limit) {
    lock.readLock().lock();
    try {
      return handlers.findExpired(Math.max(wallClockMillis, clock.millis()), limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** From now on, counts the requests for each key, for the TinyLFU eviction policy. */
  public void countRequests() {
    keyspace.countRequests();
  }

  /** What the leader proposes to evict to bring memory under {@code limit}; nothing while it is not passed. */
  public EvictKeys findVictims(MemoryLimit limit, long wallClockMillis, int maxKeys) {
    lock.readLock().lock();
    try {
      return handlers.findVictims(limit, Math.max(wallClockMillis, clock.millis()), maxKeys);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether {@code entry} is a retry of a request already applied here, which is answered, not applied again. */
  public boolean isRetryOfApplied(LogCommand entry) {
    WriteCommand<?, ?> command = CommandTable.of(entry);
    if (command == null) {
      return false;
    }
    WriteHeader header = command.header(entry);
    if (header.getClientId().isEmpty()) {
      return false;
    }
    lock.readLock().lock();
    try {
      return sessions.hasResult(Key.wrap(header.getClientId().toByteArray()), header.getSequence());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** This node's counts of hits, misses, expired and evicted keys since it started. */
  public KeyStats stats() {
    return keyspace.stats();
  }

  /** How many keys hold a value of {@code kind}; read without the lock (a moment's staleness is fine). */
  public long keys(io.raftcache.node.keyspace.Value.Kind kind) {
    return keyspace.keys(kind);
  }

  /** How many keys have a TTL; read without the lock (a moment's staleness is fine). */
  public long keysWithTtl() {
    return keyspace.keysWithTtl();
  }

  /** What the keys take by the memory model; read without the lock (a moment's staleness is fine). */
  public long usedMemory() {
    return keyspace.usedMemory();
  }

  /** The cluster's time as of the last applied entry; read without the lock. */
  public long clusterTimeMillis() {
    return clock.millis();
  }

  public Progress progress() {
    lock.readLock().lock();
    try {
      return new Progress(appliedTerm, appliedIndex, keyspace.digest(), keyspace.size(), keyspace.revision(),
          clock.millis(), keyspace.usedMemory());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The record that, stored with the data, says which entries the data includes. */
  public StoredProgress storedProgress() {
    lock.readLock().lock();
    try {
      return StoredProgress.newBuilder()
          .setAppliedTerm(appliedTerm)
          .setAppliedIndex(appliedIndex)
          .setRevision(keyspace.revision())
          .setClockMs(clock.millis())
          .setClockTerm(clock.term())
          .build();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Rebuilds a replica from storage; call before the state is shared with other threads. */
  public static final class Restorer {
    private final ReplicatedState state = new ReplicatedState();
    private final Set<Key> collections = new HashSet<>();

    public void entry(Key key, Entry entry) {
      state.keyspace.put(key, entry);
      if (entry.value() instanceof CollectionValue) {
        collections.add(key);
      }
    }

    /** A member of a collection whose {@link #entry} came before it. */
    public void member(Key key, Key member, byte[] stored) {
      Entry entry = state.keyspace.getStored(key);
      if (entry == null || !(entry.value() instanceof CollectionValue collection)) {
        throw new IllegalStateException("a stored member of " + key + ", which is not a stored collection");
      }
      collection.restoreMember(member, stored);
    }

    public void session(Key clientId, StoredSession session) {
      state.sessions.restore(clientId, session);
    }

    public void progress(StoredProgress progress) {
      state.appliedTerm = progress.getAppliedTerm();
      state.appliedIndex = progress.getAppliedIndex();
      state.clock.restore(progress.getClockMs(), progress.getClockTerm());
      state.keyspace.restoreRevision(progress.getRevision());
    }

    public ReplicatedState build() {
      // A collection's entry was made empty; make it again so the digest counts its members.
      for (Key key : collections) {
        Entry entry = state.keyspace.getStored(key);
        state.keyspace.put(key, new Entry(entry.value(), entry.version(), entry.expiresAtMillis()));
      }
      state.keyspace.drainChanges(StateChanges.DISCARD);
      state.keyspace.restoreUse(state.clock.millis());
      return state;
    }
  }
}
