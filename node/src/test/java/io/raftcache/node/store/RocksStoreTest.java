package io.raftcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ListPopRequest;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.ListRangeRequest;
import io.raftcache.proto.internal.ListRemoveRequest;
import io.raftcache.proto.internal.PopRequest;
import io.raftcache.proto.internal.Transaction;
import io.raftcache.proto.internal.TransactionStep;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.internal.RenameRequest;
import io.raftcache.proto.internal.SMoveRequest;
import io.raftcache.proto.internal.SetOperation;
import io.raftcache.proto.internal.SetStoreRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.RankRange;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.WriteHeader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreTest {
  @TempDir
  Path dir;

  private static LogCommand set(long time, String key, String value, long ttl) {
    return LogCommand.newBuilder().setLeaderTimeMs(time)
        .setSet(SetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).setTtlMs(ttl))
        .build();
  }

  private static LogCommand incr(long time, long sequence) {
    WriteHeader header = WriteHeader.newBuilder().setClientId(ByteString.copyFrom(new byte[16])).setSequence(sequence)
        .setFirstUnackedSequence(1).build();
    return LogCommand.newBuilder().setLeaderTimeMs(time)
        .setIncrBy(IncrByRequest.newBuilder().setHeader(header).setKey(ByteString.copyFromUtf8("n")).setDelta(1))
        .build();
  }

  /** Applies entries as the state machine does: one batch per entry. */
  private static void apply(RocksStore store, ReplicatedState state, long index, LogCommand command) throws Exception {
    try (RocksStore.Batch batch = store.newBatch()) {
      state.apply(1, index, command, batch);
      batch.commit();
    }
  }

  private static String get(ReplicatedState state, String key) {
    var r = state.read(CommandTable.GET, GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build(), 0);
    return r.getFound() ? r.getValue().toStringUtf8() : null;
  }

  @Test
  void load_afterReopen_givesTheSameStateAndSessions() throws Exception {
    ReplicatedState state = new ReplicatedState();
    Progress before;
    try (RocksStore store = RocksStore.open(dir.resolve("state"))) {
      apply(store, state, 1, set(1_000, "a", "1", 0));
      apply(store, state, 2, set(1_000, "b", "2", 5_000));
      apply(store, state, 3, incr(1_001, 1));
      before = state.progress();
    }

    try (RocksStore store = RocksStore.open(dir.resolve("state"))) {
      ReplicatedState loaded = store.load();
      assertThat(loaded.progress()).isEqualTo(before);
      assertThat(get(loaded, "b")).isEqualTo("2");
      // The session came back too: a retry of sequence 1 is answered, not applied again.
      apply(store, loaded, 4, incr(1_002, 1));
      assertThat(get(loaded, "n")).isEqualTo("1");
    }
  }

  @Test
  void checkpoint_thenReplace_rebuildsTheDatabaseAsOfTheCheckpoint() throws Exception {
    ReplicatedState state = new ReplicatedState();
    Path live = dir.resolve("state");
    Path snapshot = dir.resolve("snap");
    Progress atCheckpoint;
    try (RocksStore store = RocksStore.open(live)) {
      apply(store, state, 1, set(1_000, "a", "1", 0));
      store.checkpoint(snapshot);
      atCheckpoint = state.progress();
      apply(store, state, 2, set(1_000, "a", "later", 0));
    }

    RocksStore.replaceWithCheckpoint(live, snapshot);

    try (RocksStore store = RocksStore.open(live)) {
      ReplicatedState restored = store.load();
      assertThat(restored.progress()).isEqualTo(atCheckpoint);
      assertThat(get(restored, "a")).isEqualTo("1");
    }
    assertThat(RocksStore.checkpointFiles(snapshot)).isNotEmpty();
  }

  @Test
  void load_afterReopen_restoresEveryCollectionTypeMemberByMember() throws Exception {
    ReplicatedState state = new ReplicatedState();
    Progress before;
    Path live = dir.resolve("state");
    try (RocksStore store = RocksStore.open(live)) {
      long index = 0;
      for (int i = 0; i < 50; i++) {
        apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
            .setHset(HSetRequest.newBuilder().setKey(b("h")).addFields(FieldValue.newBuilder()
                .setField(b("f" + i % 10)).setValue(b("v" + i)))).build());
        apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
            .setSadd(MembersRequest.newBuilder().setKey(b("s")).addMembers(b("m" + i))).build());
        apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
            .setZadd(ZAddRequest.newBuilder().setKey(b("z")).addMembers(ScoredMember.newBuilder()
                .setMember(b("m" + i % 20)).setScore(i))).build());
      }
      apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
          .setSrem(MembersRequest.newBuilder().setKey(b("s")).addMembers(b("m3")).addMembers(b("m4"))).build());
      // A collection replaced by a string must leave no member records behind.
      apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
          .setSadd(MembersRequest.newBuilder().setKey(b("gone")).addMembers(b("x"))).build());
      apply(store, state, ++index, set(1_000, "gone", "string now", 0));
      before = state.progress();
    }

    try (RocksStore store = RocksStore.open(live)) {
      ReplicatedState loaded = store.load();
      assertThat(loaded.progress()).isEqualTo(before);
      var zrange = loaded.read(CommandTable.ZRANGE, ZRangeRequest.newBuilder().setKey(b("z"))
          .setByRank(RankRange.newBuilder().setStart(0).setStop(0)).setReverse(true).build(), 0);
      assertThat(zrange.getMembers(0).getMember().toStringUtf8()).isEqualTo("m9");
      assertThat(zrange.getMembers(0).getScore()).isEqualTo(49);
      assertThat(get(loaded, "gone")).isEqualTo("string now");
    }
  }

  @Test
  void load_afterReopen_keepsCollectionsMovedAndRebuiltByRespCommands() throws Exception {
    ReplicatedState state = new ReplicatedState();
    Progress before;
    Path live = dir.resolve("state");
    try (RocksStore store = RocksStore.open(live)) {
      long index = 0;
      for (int i = 0; i < 20; i++) {
        apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
            .setSadd(MembersRequest.newBuilder().setKey(b(i % 2 == 0 ? "a" : "b")).addMembers(b("m" + i % 7))).build());
        apply(store, state, ++index, LogCommand.newBuilder().setLeaderTimeMs(1_000)
            .setHset(HSetRequest.newBuilder().setKey(b("h")).addFields(FieldValue.newBuilder()
                .setField(b("f" + i)).setValue(b("v" + i)))).build());
      }
      apply(store, state, ++index, entry().setSetStore(SetStoreRequest.newBuilder().setDestination(b("both"))
          .addKeys(b("a")).addKeys(b("b")).setOperation(SetOperation.SET_OPERATION_INTERSECTION)).build());
      // A hash moved over an existing set: the set's member records must go, the hash's follow it.
      apply(store, state, ++index, entry().setRename(RenameRequest.newBuilder().setKey(b("h")).setNewKey(b("a"))).build());
      apply(store, state, ++index, entry().setSmove(SMoveRequest.newBuilder().setSource(b("b"))
          .setDestination(b("moved")).setMember(b("m1"))).build());
      apply(store, state, ++index, entry().setSpop(PopRequest.newBuilder().setKey(b("b")).setHasCount(true)
          .setCount(2).setSeed(42)).build());
      for (int i = 0; i < 30; i++) {
        apply(store, state, ++index, entry().setListPush(ListPushRequest.newBuilder().setKey(b("l"))
            .addElements(b("e" + i)).setFront(i % 3 == 0)).build());
      }
      apply(store, state, ++index, entry().setListPop(ListPopRequest.newBuilder().setKey(b("l")).setCount(2)).build());
      apply(store, state, ++index, entry().setListRemove(ListRemoveRequest.newBuilder().setKey(b("l"))
          .setElement(b("e10"))).build());
      apply(store, state, ++index, entry().setListTrim(ListRangeRequest.newBuilder().setKey(b("l")).setStart(1)
          .setStop(-2)).build());
      before = state.progress();
    }

    try (RocksStore store = RocksStore.open(live)) {
      ReplicatedState loaded = store.load();
      assertThat(loaded.progress()).isEqualTo(before); // the digest covers every member of every key
      var hash = loaded.read(CommandTable.HGETALL, KeyRequest.newBuilder().setKey(b("a")).build(), 0);
      assertThat(hash.getFieldsCount()).isEqualTo(20);
      var list = loaded.read(CommandTable.LRANGE, ListRangeRequest.newBuilder().setKey(b("l")).setStart(0)
          .setStop(-1).build(), 0);
      assertThat(list.getMembersList()).isEqualTo(state.read(CommandTable.LRANGE, ListRangeRequest.newBuilder()
          .setKey(b("l")).setStart(0).setStop(-1).build(), 0).getMembersList()).hasSize(25);
      var both = loaded.read(CommandTable.SMEMBERS, KeyRequest.newBuilder().setKey(b("both")).build(), 0);
      assertThat(both.getMembersList()).extracting(ByteString::toStringUtf8)
          .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }
  }

  @Test
  void oneEntry_thatTurnsAHashIntoAList_storesTheList() throws Exception {
    ReplicatedState state = new ReplicatedState();
    Progress before;
    Path live = dir.resolve("state");
    try (RocksStore store = RocksStore.open(live)) {
      // MULTI; HSET k f v; DEL k; RPUSH k x; EXEC: the hash's field is reported in the same entry as the list
      Transaction transaction = Transaction.newBuilder()
          .addSteps(step(LogCommand.newBuilder().setHset(HSetRequest.newBuilder().setKey(b("k"))
              .addFields(FieldValue.newBuilder().setField(b("f")).setValue(b("v"))))))
          .addSteps(step(LogCommand.newBuilder().setDelete(DeleteRequest.newBuilder().addKeys(b("k")))))
          .addSteps(step(LogCommand.newBuilder().setListPush(ListPushRequest.newBuilder().setKey(b("k"))
              .addElements(b("x")))))
          .build();
      apply(store, state, 1, entry().setTransaction(transaction).build());
      before = state.progress();
    }

    try (RocksStore store = RocksStore.open(live)) {
      ReplicatedState loaded = store.load();
      assertThat(loaded.progress()).isEqualTo(before);
      assertThat(loaded.read(CommandTable.LRANGE, ListRangeRequest.newBuilder().setKey(b("k")).setStart(0)
          .setStop(-1).build(), 0).getMembersList()).containsExactly(b("x"));
    }
  }

  private static TransactionStep step(LogCommand.Builder write) {
    return TransactionStep.newBuilder().setWrite(write).build();
  }

  private static LogCommand.Builder entry() {
    return LogCommand.newBuilder().setLeaderTimeMs(1_000);
  }

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
