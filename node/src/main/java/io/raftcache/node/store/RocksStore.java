package io.raftcache.node.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftcache.node.keyspace.CollectionValue;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.StringValue;
import io.raftcache.node.keyspace.Value;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.node.statemachine.StateChanges;
import io.raftcache.proto.internal.StoredEntry;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.internal.StoredSession;
import io.raftcache.proto.v1.ValueType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's durable copy of its replicated state, in one RocksDB. Every applied entry writes one
 * batch (the keys it changed, the client sessions, and the applied index), so the database on
 * disk always holds a consistent prefix of the log and says where it ends.
 *
 * <p>RocksDB's own write-ahead log is off: the Raft log already holds every entry durably, and
 * after a crash the node replays the entries after the last flushed batch.
 */
public final class RocksStore implements AutoCloseable {

  private final Path dir;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RocksStore(Path dir) throws StoreException {
    RocksNativeLibrary.load();
    this.dir = dir;
    this.options = new Options()
        .setCreateIfMissing(true)
        .setWriteBufferSize(16L << 20)
        .setMaxWriteBufferNumber(3)
        .setMaxBackgroundJobs(2);
    this.writeOptions = new WriteOptions().setDisableWAL(true);
    try {
      Files.createDirectories(dir);
      this.db = RocksDB.open(options, dir.toString());
    } catch (IOException | RocksDBException e) {
      options.close();
      writeOptions.close();
      throw new StoreException("cannot open the state database in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static RocksStore open(Path dir) throws StoreException {
    return new RocksStore(dir);
  }

  /**
   * What RocksDB holds in memory, outside the JVM heap, by its own estimates: memtables, table
   * readers (indexes and filters), and the block cache; 0 for a part it does not report.
   */
  public synchronized Map<String, Long> memoryBytes() {
    if (closed.get()) { // a closed handle must not reach native code
      return Map.of();
    }
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("memtables", property("rocksdb.cur-size-all-mem-tables"));
    parts.put("table_readers", property("rocksdb.estimate-table-readers-mem"));
    parts.put("block_cache", property("rocksdb.block-cache-usage"));
    return parts;
  }

  private long property(String name) {
    try {
      return db.getLongProperty(name);
    } catch (RocksDBException | RuntimeException notReported) {
      return 0;
    }
  }

  public Path dir() {
    return dir;
  }

  /** Reads the whole database into a fresh replica state. */
  public ReplicatedState load() throws StoreException {
    ReplicatedState.Restorer restorer = new ReplicatedState.Restorer();
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        switch (key[0]) {
          case RecordKeys.ENTRY -> restorer.entry(RecordKeys.nameOf(key), toEntry(StoredEntry.parseFrom(it.value())));
          case RecordKeys.MEMBER -> restorer.member(RecordKeys.keyOfMember(key), RecordKeys.memberOf(key), it.value());
          case RecordKeys.SESSION -> restorer.session(RecordKeys.nameOf(key), StoredSession.parseFrom(it.value()));
          case RecordKeys.PROGRESS -> restorer.progress(StoredProgress.parseFrom(it.value()));
          default -> throw new StoreException("unknown record kind " + key[0] + " in " + dir, null);
        }
      }
      it.status();
    } catch (InvalidProtocolBufferException | RocksDBException e) {
      throw new StoreException("cannot read the state database in " + dir + ": " + e.getMessage(), e);
    }
    return restorer.build();
  }

  /** A batch to collect one entry's changes; nothing reaches the database before {@link Batch#commit}. */
  public Batch newBatch() {
    return new Batch();
  }

  /** Flushes everything written so far to files and hard-links them into {@code target}. */
  public void checkpoint(Path target) throws StoreException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        Checkpoint checkpoint = Checkpoint.create(db)) {
      db.flush(flush);
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StoreException("cannot checkpoint the state database into " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the database in {@code liveDir} with a copy of the checkpoint in {@code checkpointDir}
   * (table files are hard-linked: RocksDB never changes one after writing it). The copy is built
   * beside {@code liveDir} and renamed over it, so a crash leaves the old database, the new one, or
   * none (which the next start rebuilds), never a half-copied one.
   */
  public static void replaceWithCheckpoint(Path liveDir, Path checkpointDir) throws IOException {
    Path rebuilt = liveDir.resolveSibling(liveDir.getFileName() + ".rebuild");
    Path old = liveDir.resolveSibling(liveDir.getFileName() + ".old");
    deleteRecursively(rebuilt);
    deleteRecursively(old);
    Files.createDirectories(rebuilt);
    try (Stream<Path> files = Files.list(checkpointDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".md5") || name.endsWith(".properties")) {
          continue; // written beside the table files by Ratis (checksums) and by raftcache (a summary)
        }
        Path copy = rebuilt.resolve(name);
        if (name.endsWith(".sst")) {
          Files.createLink(copy, file);
        } else {
          Files.copy(file, copy);
          try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
          }
        }
      }
    }
    if (Files.exists(liveDir)) {
      Files.move(liveDir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(rebuilt, liveDir, StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(old);
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Flushes the memtables, so a restart replays nothing, and closes the database. */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      // The Raft log still holds every entry; the next start replays more of it.
    } finally {
      db.close();
      writeOptions.close();
      options.close();
    }
  }

  /** The entry a record describes; a collection comes back empty, and its members follow. */
  private static Entry toEntry(StoredEntry stored) throws StoreException {
    Value value = switch (stored.getDataCase()) {
      case STRING_VALUE -> new StringValue(stored.getStringValue().toByteArray());
      case COLLECTION -> CollectionValue.empty(switch (stored.getCollection()) {
        case VALUE_TYPE_HASH -> Value.Kind.HASH;
        case VALUE_TYPE_SET -> Value.Kind.SET;
        case VALUE_TYPE_ZSET -> Value.Kind.ZSET;
        case VALUE_TYPE_LIST -> Value.Kind.LIST;
        default -> throw new StoreException("unknown collection type " + stored.getCollection(), null);
      });
      case DATA_NOT_SET -> throw new StoreException("an entry record without data", null);
    };
    return new Entry(value, stored.getVersion(), stored.getExpiresAtMs());
  }

  private static StoredEntry toStored(Entry entry) {
    StoredEntry.Builder stored = StoredEntry.newBuilder()
        .setVersion(entry.version())
        .setExpiresAtMs(entry.expiresAtMillis());
    Value value = entry.value();
    return switch (value.kind()) {
      case STRING -> stored.setStringValue(ByteString.copyFrom(((StringValue) value).bytes())).build();
      case HASH -> stored.setCollection(ValueType.VALUE_TYPE_HASH).build();
      case SET -> stored.setCollection(ValueType.VALUE_TYPE_SET).build();
      case ZSET -> stored.setCollection(ValueType.VALUE_TYPE_ZSET).build();
      case LIST -> stored.setCollection(ValueType.VALUE_TYPE_LIST).build();
    };
  }

  /** One applied entry's changes, written atomically. */
  public final class Batch implements StateChanges, AutoCloseable {
    private final WriteBatch batch = new WriteBatch();

    @Override
    public void entry(Key key, Entry entry) {
      put(RecordKeys.entry(key), entry == null ? null : toStored(entry).toByteArray());
    }

    @Override
    public void membersCleared(Key key) {
      byte[] prefix = RecordKeys.membersOf(key);
      try {
        batch.deleteRange(prefix, RecordKeys.endOfPrefix(prefix));
      } catch (RocksDBException e) {
        throw new IllegalStateException("cannot add to a write batch", e);
      }
    }

    @Override
    public void member(Key key, Key member, byte[] stored) {
      put(RecordKeys.member(key, member), stored);
    }

    @Override
    public void session(Key clientId, StoredSession session) {
      put(RecordKeys.session(clientId), session == null ? null : session.toByteArray());
    }

    @Override
    public void progress(StoredProgress progress) {
      put(RecordKeys.PROGRESS_KEY, progress.toByteArray());
    }

    private void put(byte[] key, byte[] valueOrNull) {
      try {
        if (valueOrNull == null) {
          batch.delete(key);
        } else {
          batch.put(key, valueOrNull);
        }
      } catch (RocksDBException e) {
        throw new IllegalStateException("cannot add to a write batch", e);
      }
    }

    public void commit() throws StoreException {
      try {
        db.write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw new StoreException("cannot write to the state database in " + dir + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  /** The files of a checkpoint, for Ratis to send to a follower. */
  public static List<Path> checkpointFiles(Path checkpointDir) throws IOException {
    try (Stream<Path> files = Files.list(checkpointDir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .sorted()
          .toList();
    }
  }
}
