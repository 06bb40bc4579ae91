package io.raftcache.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.node.statemachine.ReplicatedState;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ReadQuery;
import io.raftcache.proto.v1.GetRequest;
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
    var r = state.read(ReadQuery.newBuilder().setGet(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))).build(), 0).getGet();
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
}
