package io.raftcache.node.statemachine;

import static io.raftcache.node.statemachine.Log.b;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.raftcache.node.config.Tunables;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogBatch;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.WriteHeader;
import io.raftcache.proto.v1.ZAddRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 2: what an entry that skipped the API's checks (one forged into the log, or a
 * leader whose clock is wrong) can still do when every replica applies it. Before, a 20,000-byte
 * key was applied and one stamp 100 years ahead expired every key and every client's retry record.
 */
class UntrustedEntryTest {
  private static final long T = 1_700_000_000_000L;
  private static final long HUNDRED_YEARS = Duration.ofDays(36_500).toMillis();

  @Test
  void farFutureStamp_movesTheClockOnlyOneStep_keysSessionsAndRetriesSurvive() {
    Replica r = new Replica();
    r.apply(Log.setWithTtl(T, "short", "v", 3_000));
    r.apply(Log.setWithTtl(T, "session:42", "alice", Duration.ofMinutes(30).toMillis()));
    CommandResult counted = r.apply(Log.incrBy(T, "visits", 1, Log.header(1, 1, 1)));

    r.apply(Log.set(T + HUNDRED_YEARS, "forged", "x"));

    assertThat(r.state.clusterTimeMillis()).isEqualTo(T + ClusterClock.MAX_STEP_MILLIS);
    assertThat(r.value("session:42", T + 1_000)).as("a 30-minute session").isEqualTo("alice");
    assertThat(r.ttl("session:42", T + 1_000).getRemainingMs())
        .isEqualTo(Duration.ofMinutes(30).toMillis() - ClusterClock.MAX_STEP_MILLIS);
    assertThat(r.apply(Log.incrBy(T + 2_000, "visits", 1, Log.header(1, 1, 1))))
        .as("a retry in flight is still answered from the client's record").isEqualTo(counted);
    assertThat(r.value("visits", T + 2_000)).isEqualTo("1");
    r.apply(Log.setWithTtl(T + 3_000, "later", "v", 3_000));
    assertThat(r.value("later", T + 3_000)).as("a TTL set now does not end at once").isEqualTo("v");
    assertThat(r.value("later", T + ClusterClock.MAX_STEP_MILLIS + 3_000)).as("nor last a century").isNull();
    assertThat(r.value("short", T + 3_000)).isNull();
  }

  @Test
  void clock_withinATerm_stepsAtMostMaxStepPerEntry_andANewTermMayLeap() {
    Replica r = new Replica();
    r.apply(1, Log.set(T, "a", "1"));
    r.apply(1, Log.set(T + Duration.ofHours(2).toMillis(), "a", "2"));
    assertThat(r.state.clusterTimeMillis()).isEqualTo(T + ClusterClock.MAX_STEP_MILLIS);
    r.apply(1, Log.set(T + 1, "a", "3"));
    assertThat(r.state.clusterTimeMillis()).as("never backwards").isEqualTo(T + ClusterClock.MAX_STEP_MILLIS);

    // The first entry of a new leader's term: the whole cluster was down for a day, say.
    r.apply(2, Log.set(T + Duration.ofDays(1).toMillis(), "a", "4"));
    assertThat(r.state.clusterTimeMillis()).isEqualTo(T + Duration.ofDays(1).toMillis());
    r.apply(2, Log.set(T + Duration.ofDays(2).toMillis(), "a", "5"));
    assertThat(r.state.clusterTimeMillis()).isEqualTo(T + Duration.ofDays(1).toMillis() + ClusterClock.MAX_STEP_MILLIS);
  }

  @Test
  void clock_restoredFromStorage_keepsItsTerm() {
    Replica before = new Replica();
    before.apply(3, Log.set(T, "a", "1"));
    StoredProgress stored = before.state.storedProgress();
    ReplicatedState.Restorer restorer = new ReplicatedState.Restorer();
    restorer.progress(stored);
    ReplicatedState restored = restorer.build();

    restored.apply(3, 2, Log.set(T + HUNDRED_YEARS, "b", "2"), StateChanges.DISCARD);

    assertThat(stored.getClockTerm()).isEqualTo(3);
    assertThat(restored.clusterTimeMillis()).isEqualTo(T + ClusterClock.MAX_STEP_MILLIS);
  }

  @Test
  void commandsBreakingTheApisRules_areRefusedAtApply_andChangeNothing() {
    Replica r = new Replica();
    r.apply(Log.set(T, "k", "v"));
    long digest = r.state.progress().digest();
    ByteString tooLong = ByteString.copyFrom(new byte[Tunables.MAX_KEY_BYTES_CEILING + 1]);

    List<LogCommand> forged = List.of(
        Log.set(T, SetRequest.newBuilder().setKey(tooLong).setValue(b("v"))),
        Log.set(T, SetRequest.newBuilder().setKey(ByteString.EMPTY).setValue(b("v"))),
        Log.set(T, SetRequest.newBuilder().setKey(b("k")).setValue(b("v")).setTtlMs(-5)),
        Log.incrBy(T, "k", 1, WriteHeader.newBuilder().setClientId(b("abc")).setSequence(1).build()),
        LogCommand.newBuilder().setLeaderTimeMs(T).setZadd(ZAddRequest.newBuilder().setKey(b("z"))
            .addMembers(ScoredMember.newBuilder().setMember(b("m")).setScore(Double.NaN))).build());

    for (LogCommand command : forged) {
      assertThat(r.apply(command).getError().getCode()).as(command.toString()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    }
    assertThat(r.state.progress().digest()).isEqualTo(digest);
    assertThat(r.apply(forged.get(0)).getError().getMessage()).contains("key: 65537 bytes exceed max_key_bytes (65536)");
  }

  @Test
  void batch_withOneForgedCommand_appliesTheOthers() {
    Replica r = new Replica();
    LogCommand batch = LogCommand.newBuilder().setLeaderTimeMs(T).setBatch(LogBatch.newBuilder()
        .addCommands(Log.set(T, "good", "1"))
        .addCommands(Log.set(T, SetRequest.newBuilder().setKey(ByteString.EMPTY).setValue(b("v"))))
        .addCommands(Log.set(T, "also-good", "2"))).build();

    List<CommandResult> results = r.apply(batch).getBatch().getResultsList();

    assertThat(results).extracting(CommandResult::hasError).containsExactly(false, true, false);
    assertThat(r.value("good", T)).isEqualTo("1");
    assertThat(r.value("also-good", T)).isEqualTo("2");
  }
}
