package io.raftcache.microbench;

import com.google.protobuf.ByteString;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.node.statemachine.StateChanges;
import io.raftcache.proto.internal.LogBatch;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.SetRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The apply path on one thread, as a follower's apply thread runs it: decode a log entry, apply
 * its commands to the replicated state, read them back. Keys are 16 bytes, values 100 bytes, over
 * a keyspace of {@link #KEYS} keys. No disk: what an entry changed goes to {@link StateChanges#DISCARD}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseG1GC"})
@State(Scope.Thread)
public class ApplyBenchmark {
  static final int KEYS = 100_000;
  static final int BATCH = 50;
  private static final ByteString VALUE = ByteString.copyFrom(new byte[100]);

  private final ReplicatedState state = new ReplicatedState();
  private byte[][] setEntries;
  private byte[][] batchEntries;
  private GetRequest[] gets;
  private long index;
  private int next;

  @Setup(Level.Trial)
  public void encode() {
    setEntries = new byte[KEYS][];
    gets = new GetRequest[KEYS];
    for (int i = 0; i < KEYS; i++) {
      setEntries[i] = singleSetEntry(i);
      gets[i] = GetRequest.newBuilder().setKey(key(i)).build();
    }
    batchEntries = new byte[KEYS / BATCH][];
    for (int b = 0; b < batchEntries.length; b++) {
      batchEntries[b] = batchedSetEntry(b * BATCH);
    }
    for (byte[] entry : setEntries) {
      apply(entry);
    }
  }

  /** The log entry of one SET of key {@code i}, alone. */
  static byte[] singleSetEntry(int i) {
    return set(i).toByteArray();
  }

  /** The log entry of {@link #BATCH} SETs from key {@code first} on. */
  static byte[] batchedSetEntry(int first) {
    LogBatch.Builder batch = LogBatch.newBuilder();
    for (int i = 0; i < BATCH; i++) {
      batch.addCommands(set(first + i));
    }
    return LogCommand.newBuilder().setLeaderTimeMs(1).setBatch(batch).build().toByteArray();
  }

  static ByteString key(int i) {
    return ByteString.copyFromUtf8(String.format("key:%012d", i));
  }

  private static LogCommand set(int i) {
    return LogCommand.newBuilder().setLeaderTimeMs(1).setSet(SetRequest.newBuilder().setKey(key(i)).setValue(VALUE)).build();
  }

  private Object apply(byte[] entry) {
    try {
      return state.apply(1, ++index, LogCommand.parseFrom(entry), StateChanges.DISCARD);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  @Benchmark
  public Object applyOneSetPerEntry() {
    return apply(setEntries[next++ % KEYS]);
  }

  /** SETs per second when the leader batches {@link #BATCH} writes per entry. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object applyBatchedSets() {
    return apply(batchEntries[next++ % batchEntries.length]);
  }

  @Benchmark
  public Object readGet() {
    return state.read(CommandTable.GET, gets[next++ % KEYS], 2);
  }
}
