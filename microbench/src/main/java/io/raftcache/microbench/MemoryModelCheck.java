package io.raftcache.microbench;

import com.google.protobuf.ByteString;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.node.statemachine.StateChanges;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.ZAddRequest;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * How close the keyspace's memory model ({@code used_memory}) is to the heap the keys really take:
 * for each type and two value sizes, a million keys are applied through the state machine as the
 * log would apply them, and the model is compared with the heap growth after a full GC. Run with
 * a heap that holds the largest case, e.g.
 * {@code java -Xmx6g -cp microbench/target/benchmarks.jar io.raftcache.microbench.MemoryModelCheck}.
 */
public final class MemoryModelCheck {
  private static final int KEYS = Integer.getInteger("keys", 1_000_000);
  /** Members (fields, elements) per collection key. */
  private static final int MEMBERS = 4;

  private MemoryModelCheck() {}

  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "%-8s %6s %10s %14s %14s %8s%n", "type", "value", "keys", "model bytes",
        "heap bytes", "model/heap");
    for (int valueSize : new int[] {10, 100}) {
      run("string", valueSize, (i, v) -> LogCommand.newBuilder().setSet(SetRequest.newBuilder()
          .setKey(key(i)).setValue(v)));
      run("hash", valueSize, (i, v) -> {
        HSetRequest.Builder hset = HSetRequest.newBuilder().setKey(key(i));
        for (int m = 0; m < MEMBERS; m++) {
          hset.addFields(FieldValue.newBuilder().setField(ByteString.copyFromUtf8("field" + m)).setValue(v));
        }
        return LogCommand.newBuilder().setHset(hset);
      });
      run("set", valueSize, (i, v) -> {
        MembersRequest.Builder sadd = MembersRequest.newBuilder().setKey(key(i));
        for (int m = 0; m < MEMBERS; m++) {
          sadd.addMembers(member(v, m));
        }
        return LogCommand.newBuilder().setSadd(sadd);
      });
      run("zset", valueSize, (i, v) -> {
        ZAddRequest.Builder zadd = ZAddRequest.newBuilder().setKey(key(i));
        for (int m = 0; m < MEMBERS; m++) {
          zadd.addMembers(ScoredMember.newBuilder().setMember(member(v, m)).setScore(m));
        }
        return LogCommand.newBuilder().setZadd(zadd);
      });
      run("list", valueSize, (i, v) -> {
        ListPushRequest.Builder push = ListPushRequest.newBuilder().setKey(key(i));
        for (int m = 0; m < MEMBERS; m++) {
          push.addElements(v);
        }
        return LogCommand.newBuilder().setListPush(push);
      });
    }
  }

  private static void run(String type, int valueSize, BiFunction<Integer, ByteString, LogCommand.Builder> command) {
    byte[] fill = new byte[valueSize];
    Arrays.fill(fill, (byte) 'v');
    ByteString value = ByteString.copyFrom(fill);
    long before = heapAfterGc();
    ReplicatedState state = new ReplicatedState();
    for (int i = 0; i < KEYS; i++) {
      state.apply(1, i + 1, command.apply(i, value).setLeaderTimeMs(1_000).build(), StateChanges.DISCARD);
    }
    long heap = heapAfterGc() - before;
    long model = state.progress().usedMemory();
    System.out.printf(Locale.ROOT, "%-8s %6d %10d %14d %14d %8.2f%n", type, valueSize, KEYS, model, heap,
        (double) model / heap);
    // Keeps the state reachable until it has been measured.
    if (state.progress().keyCount() != KEYS) {
      throw new IllegalStateException("expected " + KEYS + " keys");
    }
  }

  private static ByteString key(int i) {
    return ByteString.copyFromUtf8("key:" + i);
  }

  /** Distinct members of the value's size. */
  private static ByteString member(ByteString value, int m) {
    return ByteString.copyFromUtf8(m + ":").concat(value.substring(0, Math.max(0, value.size() - 2)));
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
