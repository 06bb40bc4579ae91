package io.raftcache.node.statemachine;

import static io.raftcache.node.statemachine.Log.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.TtlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicatedStateTest {

  /** A seeded mix of every command, with TTLs, retries and leader expiry decisions. */
  private static List<LogCommand> randomLog(long seed, int length) {
    Random random = new Random(seed);
    List<LogCommand> log = new ArrayList<>();
    long time = 1_000;
    for (int i = 0; i < length; i++) {
      time += random.nextInt(20);
      String key = "k" + random.nextInt(50);
      log.add(switch (random.nextInt(9)) {
        case 0 -> Log.set(time, key, "v" + i);
        case 1 -> Log.setWithTtl(time, key, "t" + i, 1 + random.nextInt(200));
        case 2 -> Log.incrBy(time, "n" + random.nextInt(5), random.nextInt(100) - 50,
            Log.header(random.nextInt(3), 1 + random.nextInt(40), 1));
        case 3 -> Log.del(time, key, "k" + random.nextInt(50));
        case 4 -> Log.expire(time, key, 1 + random.nextInt(300));
        case 5 -> Log.persist(time, key);
        case 6 -> Log.mset(time, key, "m" + i, "k" + random.nextInt(50), "m" + i);
        case 7 -> Log.setIfVersion(time, key, "c" + i, 1 + random.nextInt(i + 1));
        default -> Log.expireKey(time, key, time - random.nextInt(100));
      });
    }
    return log;
  }

  @Test
  void apply_sameLogOnTwoFreshReplicas_givesSameDigest() {
    List<LogCommand> log = randomLog(42, 5_000);
    Replica a = new Replica();
    Replica b = new Replica();
    List<CommandResult> resultsA = log.stream().map(a::apply).toList();
    List<CommandResult> resultsB = log.stream().map(b::apply).toList();

    assertThat(resultsB).isEqualTo(resultsA);
    assertThat(b.state.progress()).isEqualTo(a.state.progress());
    assertThat(a.state.progress().keyCount()).isPositive();
  }

  @Test
  void apply_logsDifferingInOneValue_giveDifferentDigests() {
    List<LogCommand> log = randomLog(7, 2_000);
    long end = log.get(log.size() - 1).getLeaderTimeMs();
    Replica a = new Replica();
    Replica b = new Replica();
    log.forEach(a::apply);
    log.forEach(b::apply);
    a.apply(Log.set(end, "k1", "x"));
    b.apply(Log.set(end, "k1", "y"));

    assertThat(b.state.progress().digest()).isNotEqualTo(a.state.progress().digest());
    assertThat(b.state.progress().keyCount()).isEqualTo(a.state.progress().keyCount());
  }

  @Test
  void read_afterDeadline_hidesKeyBeforeItsDeletionIsReplicated() {
    Replica r = new Replica();
    r.apply(Log.setWithTtl(10_000, "session", "alice", 1_000));

    assertThat(r.value("session", 10_999)).isEqualTo("alice");
    assertThat(r.ttl("session", 10_400).getRemainingMs()).isEqualTo(600);
    assertThat(r.value("session", 11_000)).isNull();
    assertThat(r.ttl("session", 11_000).getState()).isEqualTo(TtlState.TTL_STATE_KEY_MISSING);
    assertThat(r.state.progress().keyCount()).as("still stored until the leader's delete").isEqualTo(1);
  }

  @Test
  void expireKeys_leaderDecision_removesExpiredKeyOnEveryReplica() {
    Replica leader = new Replica();
    Replica follower = new Replica();
    LogCommand set = Log.setWithTtl(10_000, "session", "alice", 1_000);
    leader.apply(set);
    follower.apply(set);

    ExpireKeys decision = leader.state.findExpired(11_005, 100);
    assertThat(decision.getKeysList()).hasSize(1);
    LogCommand expiry = Log.expireKeys(11_006, decision);
    leader.apply(expiry);
    follower.apply(expiry);

    assertThat(leader.state.progress().keyCount()).isZero();
    assertThat(follower.state.progress()).isEqualTo(leader.state.progress());
  }

  @Test
  void expireKeys_keySetAgainAfterTheDecision_survives() {
    Replica r = new Replica();
    r.apply(Log.setWithTtl(10_000, "k", "old", 100));
    ExpireKeys decision = r.state.findExpired(10_150, 100);
    r.apply(Log.set(10_160, "k", "new"));
    r.apply(Log.expireKeys(10_170, decision));

    assertThat(r.value("k", 20_000)).isEqualTo("new");
  }

  @Test
  void apply_leaderClockBehindEarlierEntries_timeNeverGoesBack() {
    Replica r = new Replica();
    r.apply(Log.setWithTtl(10_000, "k", "v", 500));
    // A new leader whose clock is 1 s behind: its TTL counts from the later of the two times.
    r.apply(Log.setWithTtl(9_000, "k2", "v", 500));

    assertThat(r.value("k2", 10_499)).isEqualTo("v");
    assertThat(r.value("k2", 10_500)).isNull();
  }

  @Test
  void set_ifVersion_appliesOnlyWhenTheVersionMatches() {
    Replica r = new Replica();
    long v1 = r.apply(Log.set(1, "k", "a")).getSet().getVersion();
    r.apply(Log.set(2, "other", "x"));

    CommandResult stale = r.apply(Log.setIfVersion(3, "k", "lost", v1 + 100));
    CommandResult fresh = r.apply(Log.setIfVersion(4, "k", "b", v1));
    CommandResult again = r.apply(Log.setIfVersion(5, "k", "c", v1));

    assertThat(stale.getSet().getApplied()).isFalse();
    assertThat(stale.getSet().getVersion()).isEqualTo(v1);
    assertThat(fresh.getSet().getApplied()).isTrue();
    assertThat(fresh.getSet().getVersion()).isGreaterThan(v1);
    assertThat(again.getSet().getApplied()).as("the version moved on").isFalse();
    assertThat(r.value("k", 6)).isEqualTo("b");
  }

  @Test
  void set_ifAbsentAndIfPresent_followTheKeysExistence() {
    Replica r = new Replica();
    SetRequest.Builder nx = SetRequest.newBuilder().setKey(b("k")).setValue(b("1")).setCondition(SetCondition.SET_CONDITION_IF_ABSENT);
    SetRequest.Builder xx = SetRequest.newBuilder().setKey(b("k")).setValue(b("2")).setCondition(SetCondition.SET_CONDITION_IF_PRESENT);

    assertThat(r.apply(Log.set(1, xx)).getSet().getApplied()).isFalse();
    assertThat(r.apply(Log.set(2, nx)).getSet().getApplied()).isTrue();
    assertThat(r.apply(Log.set(3, nx)).getSet().getApplied()).isFalse();
    assertThat(r.apply(Log.set(4, xx)).getSet().getApplied()).isTrue();
    assertThat(r.value("k", 5)).isEqualTo("2");
  }

  @Test
  void set_returnPrevious_answersTheOldValueEvenWhenNotApplied() {
    Replica r = new Replica();
    r.apply(Log.set(1, "k", "old"));
    CommandResult result = r.apply(Log.set(2, SetRequest.newBuilder().setKey(b("k")).setValue(b("new"))
        .setCondition(SetCondition.SET_CONDITION_IF_ABSENT).setReturnPrevious(true)));

    assertThat(result.getSet().getApplied()).isFalse();
    assertThat(result.getSet().getPreviousFound()).isTrue();
    assertThat(result.getSet().getPreviousValue().toStringUtf8()).isEqualTo("old");
  }

  @Test
  void batch_appliesEachCommandInOrder_andARetryInALaterBatchCountsOnce() {
    Replica replica = new Replica();
    LogCommand first = Log.incrBy(0, "n", 1, Log.header(1, 1, 1));
    LogCommand second = Log.incrBy(0, "n", 10, Log.header(2, 1, 1));
    LogCommand batch = LogCommand.newBuilder().setLeaderTimeMs(1_000)
        .setBatch(io.raftcache.proto.internal.LogBatch.newBuilder().addCommands(first).addCommands(second))
        .build();

    var results = replica.apply(batch).getBatch().getResultsList();
    var retried = replica.apply(LogCommand.newBuilder().setLeaderTimeMs(1_001)
        .setBatch(io.raftcache.proto.internal.LogBatch.newBuilder().addCommands(second).addCommands(first)).build());

    assertThat(results).extracting(r -> r.getIncrBy().getValue()).containsExactly(1L, 11L);
    assertThat(retried.getBatch().getResultsList()).extracting(r -> r.getIncrBy().getValue()).containsExactly(11L, 1L);
    assertThat(replica.get("n", 2_000).getValue().toStringUtf8()).isEqualTo("11");
  }

  @Test
  void incr_retriedWithTheSameSequence_countsOnce() {
    Replica r = new Replica();
    CommandResult first = r.apply(Log.incrBy(1, "n", 5, Log.header(1, 1, 1)));
    CommandResult retry = r.apply(Log.incrBy(2, "n", 5, Log.header(1, 1, 1)));
    CommandResult next = r.apply(Log.incrBy(3, "n", 5, Log.header(1, 2, 1)));
    CommandResult otherClient = r.apply(Log.incrBy(4, "n", 5, Log.header(2, 1, 1)));

    assertThat(first.getIncrBy().getValue()).isEqualTo(5);
    assertThat(retry).isEqualTo(first);
    assertThat(next.getIncrBy().getValue()).isEqualTo(10);
    assertThat(otherClient.getIncrBy().getValue()).isEqualTo(15);
    assertThat(r.value("n", 5)).isEqualTo("15");
  }

  @Test
  void incr_retriedInLogFormat1_isStillAnsweredFromTheSession() {
    Replica r = new Replica();
    CommandResult first = r.apply(Log.incrByInFormat1(1, "n", 5, Log.header(1, 1, 1)));
    CommandResult retry = r.apply(Log.incrBy(2, "n", 5, Log.header(1, 1, 1)));
    CommandResult retryAgain = r.apply(Log.incrByInFormat1(3, "n", 5, Log.header(1, 1, 1)));

    assertThat(retry).isEqualTo(first);
    assertThat(retryAgain).isEqualTo(first);
    assertThat(r.value("n", 5)).isEqualTo("5");
  }

  @Test
  void incr_retriedOutOfOrder_eachAppliedOnce() {
    Replica r = new Replica();
    r.apply(Log.incrBy(1, "n", 1, Log.header(1, 2, 1)));
    r.apply(Log.incrBy(2, "n", 1, Log.header(1, 1, 1)));
    r.apply(Log.incrBy(3, "n", 1, Log.header(1, 2, 1)));
    r.apply(Log.incrBy(4, "n", 1, Log.header(1, 1, 1)));

    assertThat(r.value("n", 5)).isEqualTo("2");
  }

  @Test
  void retry_belowFirstUnacked_isAnsweredRetryExpiredAndNotApplied() {
    Replica r = new Replica();
    r.apply(Log.incrBy(1, "n", 1, Log.header(1, 1, 1)));
    r.apply(Log.incrBy(2, "n", 1, Log.header(1, 5, 5)));
    CommandResult late = r.apply(Log.incrBy(3, "n", 1, Log.header(1, 1, 1)));

    assertThat(late.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_RETRY_EXPIRED);
    assertThat(r.value("n", 4)).isEqualTo("2");
  }

  @Test
  void incr_onNonIntegerOrOverflow_failsAndChangesNothing() {
    Replica r = new Replica();
    r.apply(Log.set(1, "text", "12a"));
    r.apply(Log.set(2, "big", Long.toString(Long.MAX_VALUE)));
    r.apply(Log.set(3, "padded", " 1"));
    long digest = r.state.progress().digest();

    assertThat(r.apply(Log.incrBy(4, "text", 1)).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AN_INTEGER);
    assertThat(r.apply(Log.incrBy(5, "padded", 1)).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AN_INTEGER);
    assertThat(r.apply(Log.incrBy(6, "big", 1)).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_OVERFLOW);
    assertThat(r.state.progress().digest()).isEqualTo(digest);
    assertThat(r.value("big", 7)).isEqualTo(Long.toString(Long.MAX_VALUE));
  }

  @Test
  void incr_keepsTheKeysTtl() {
    Replica r = new Replica();
    r.apply(Log.set(1_000, SetRequest.newBuilder().setKey(b("n")).setValue(b("1")).setTtlMs(1_000)));
    r.apply(Log.incrBy(1_100, "n", 1));

    assertThat(r.ttl("n", 1_500).getRemainingMs()).isEqualTo(500);
    assertThat(r.value("n", 2_000)).isNull();
  }

  @Test
  void expireAndPersist_changeOnlyExistingKeys() {
    Replica r = new Replica();
    r.apply(Log.set(1_000, "k", "v"));

    assertThat(r.apply(Log.expire(1_000, "missing", 100)).getExpire().getApplied()).isFalse();
    assertThat(r.apply(Log.persist(1_000, "k")).getPersist().getApplied()).as("no TTL to remove").isFalse();
    assertThat(r.apply(Log.expire(1_000, "k", 100)).getExpire().getApplied()).isTrue();
    assertThat(r.ttl("k", 1_050).getRemainingMs()).isEqualTo(50);
    assertThat(r.apply(Log.persist(1_060, "k")).getPersist().getApplied()).isTrue();
    assertThat(r.ttl("k", 5_000).getState()).isEqualTo(TtlState.TTL_STATE_NO_EXPIRY);
  }

  @Test
  void set_withoutTtl_removesAnExistingTtl() {
    Replica r = new Replica();
    r.apply(Log.setWithTtl(1_000, "k", "a", 100));
    r.apply(Log.set(1_010, "k", "b"));

    assertThat(r.value("k", 9_000)).isEqualTo("b");
  }

  @Test
  void delete_countsOnlyLiveKeys() {
    Replica r = new Replica();
    r.apply(Log.set(1_000, "a", "1"));
    r.apply(Log.setWithTtl(1_000, "expired", "1", 10));

    assertThat(r.apply(Log.del(2_000, "a", "expired", "missing")).getDelete().getDeleted()).isEqualTo(1);
    assertThat(r.state.progress().keyCount()).isZero();
  }

  @Test
  void mset_setsAllKeysWithOneVersion() {
    Replica r = new Replica();
    CommandResult result = r.apply(Log.mset(1, "a", "1", "b", "2", "a", "3"));

    assertThat(r.value("a", 2)).isEqualTo("3");
    assertThat(r.value("b", 2)).isEqualTo("2");
    assertThat(r.get("a", 2).getVersion()).isEqualTo(result.getMset().getVersion());
    assertThat(r.get("b", 2).getVersion()).isEqualTo(result.getMset().getVersion());
  }

  @Test
  void apply_entryWithoutCommand_isAnsweredWithAnErrorAndChangesNothing() {
    Replica r = new Replica();
    r.apply(Log.set(1, "k", "v"));
    long digest = r.state.progress().digest();

    CommandResult result = r.apply(LogCommand.newBuilder().setLeaderTimeMs(2).build());

    assertThat(result.hasError()).isTrue();
    assertThat(r.state.progress().digest()).isEqualTo(digest);
    assertThat(r.state.progress().appliedIndex()).isEqualTo(2);
  }
}
