package io.raftcache.node.statemachine;

import static io.raftcache.node.statemachine.Log.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import io.raftcache.node.command.CommandRejectedException;
import io.raftcache.node.command.CommandTable;
import io.raftcache.node.command.ReadCommand;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.RankRange;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScoreBound;
import io.raftcache.proto.v1.ScoreRange;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.ValueType;
import io.raftcache.proto.v1.ZAddComparison;
import io.raftcache.proto.v1.ZAddCondition;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRankRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionCommandsTest {
  private static final long T = 1_000;
  private final Replica replica = new Replica();

  // ---- building commands and queries

  private CommandResult apply(LogCommand.Builder command) {
    return replica.apply(command.setLeaderTimeMs(T).build());
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, R extends Message> R read(ReadCommand<Q, R> command, MessageOrBuilder request) {
    Q built = (Q) (request instanceof Message.Builder builder ? builder.build() : request);
    return replica.state.read(command, built, T);
  }

  private static LogCommand.Builder hset(String key, String... fieldsAndValues) {
    HSetRequest.Builder r = HSetRequest.newBuilder().setKey(b(key));
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      r.addFields(FieldValue.newBuilder().setField(b(fieldsAndValues[i])).setValue(b(fieldsAndValues[i + 1])));
    }
    return LogCommand.newBuilder().setHset(r);
  }

  private static MembersRequest members(String key, String... members) {
    MembersRequest.Builder r = MembersRequest.newBuilder().setKey(b(key));
    for (String m : members) {
      r.addMembers(b(m));
    }
    return r.build();
  }

  private static ZAddRequest.Builder zadd(String key, Object... scoresAndMembers) {
    ZAddRequest.Builder r = ZAddRequest.newBuilder().setKey(b(key));
    for (int i = 0; i < scoresAndMembers.length; i += 2) {
      r.addMembers(ScoredMember.newBuilder()
          .setScore(((Number) scoresAndMembers[i]).doubleValue())
          .setMember(b((String) scoresAndMembers[i + 1])));
    }
    return r;
  }

  private static KeyRequest key(String key) {
    return KeyRequest.newBuilder().setKey(b(key)).build();
  }

  private static List<String> strings(List<ByteString> list) {
    return list.stream().map(ByteString::toStringUtf8).toList();
  }

  private List<String> zrange(ZRangeRequest.Builder request) {
    List<String> out = new ArrayList<>();
    for (ScoredMember m : read(CommandTable.ZRANGE, request.setKey(b("z"))).getMembersList()) {
      out.add(m.getMember().toStringUtf8() + "=" + (long) m.getScore());
    }
    return out;
  }

  private static ScoreBound bound(double value, boolean exclusive) {
    return ScoreBound.newBuilder().setValue(value).setExclusive(exclusive).build();
  }

  // ---- hashes

  @Test
  void hash_setGetDeleteAndCount() {
    assertThat(apply(hset("h", "a", "1", "b", "2")).getHset().getCount()).isEqualTo(2);
    assertThat(apply(hset("h", "b", "3", "c", "4")).getHset().getCount()).isEqualTo(1);

    assertThat(read(CommandTable.HGET, HGetRequest.newBuilder().setKey(b("h")).setField(b("b")))
        .getValue().toStringUtf8()).isEqualTo("3");
    assertThat(read(CommandTable.HGETALL, key("h")).getFieldsList())
        .extracting(f -> f.getField().toStringUtf8() + "=" + f.getValue().toStringUtf8())
        .containsExactly("a=1", "b=3", "c=4");
    assertThat(read(CommandTable.HLEN, key("h")).getCount()).isEqualTo(3);
    assertThat(read(CommandTable.HEXISTS, HGetRequest.newBuilder().setKey(b("h")).setField(b("zz")))
        .getValue()).isFalse();

    LogCommand.Builder hdel = LogCommand.newBuilder()
        .setHdel(HDelRequest.newBuilder().setKey(b("h")).addFields(b("a")).addFields(b("b")).addFields(b("c")).addFields(b("x")));
    assertThat(apply(hdel).getHdel().getCount()).isEqualTo(3);
    assertThat(read(CommandTable.TYPE, key("h")).getType()).isEqualTo(ValueType.VALUE_TYPE_NONE);
  }

  @Test
  void hincrBy_countsFromZero_andRejectsNonIntegers() {
    LogCommand.Builder incr = LogCommand.newBuilder()
        .setHincrBy(HIncrByRequest.newBuilder().setKey(b("h")).setField(b("n")).setDelta(5));
    assertThat(apply(incr).getHincrBy().getValue()).isEqualTo(5);
    assertThat(apply(incr).getHincrBy().getValue()).isEqualTo(10);
    apply(hset("h", "text", "abc"));
    long digest = replica.state.progress().digest();

    CommandResult bad = apply(LogCommand.newBuilder()
        .setHincrBy(HIncrByRequest.newBuilder().setKey(b("h")).setField(b("text")).setDelta(1)));

    assertThat(bad.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NOT_AN_INTEGER);
    assertThat(replica.state.progress().digest()).isEqualTo(digest);
  }

  @Test
  void hset_withTtl_expiresTheWholeHash() {
    apply(hset("session", "user", "alice").setHset(hset("session", "user", "alice").getHset().toBuilder().setTtlMs(500)));

    assertThat(replica.state.read(CommandTable.HLEN, key("session"), T + 499).getCount())
        .isEqualTo(1);
    assertThat(replica.state.read(CommandTable.HLEN, key("session"), T + 500).getCount())
        .isZero();
  }

  // ---- sets

  @Test
  void set_addRemoveMembershipAndAlgebra() {
    assertThat(apply(LogCommand.newBuilder().setSadd(members("s1", "a", "b", "c", "a"))).getSadd().getCount()).isEqualTo(3);
    apply(LogCommand.newBuilder().setSadd(members("s2", "b", "c", "d")));
    assertThat(apply(LogCommand.newBuilder().setSrem(members("s1", "c", "zz"))).getSrem().getCount()).isEqualTo(1);

    KeysRequest both = KeysRequest.newBuilder().addKeys(b("s1")).addKeys(b("s2")).build();
    assertThat(strings(read(CommandTable.SINTER, both).getMembersList())).containsExactly("b");
    assertThat(strings(read(CommandTable.SUNION, both).getMembersList()))
        .containsExactly("a", "b", "c", "d");
    assertThat(strings(read(CommandTable.SMEMBERS, key("s1")).getMembersList()))
        .containsExactly("a", "b");
    assertThat(read(CommandTable.SCARD, key("s2")).getCount()).isEqualTo(3);
    assertThat(read(CommandTable.SISMEMBER, MemberRequest.newBuilder().setKey(b("s1")).setMember(b("c")))
        .getValue()).isFalse();
    KeysRequest withMissing = both.toBuilder().addKeys(b("nothing")).build();
    assertThat(read(CommandTable.SINTER, withMissing).getMembersList()).isEmpty();
  }

  // ---- sorted sets

  @Test
  void zadd_flagsFollowRedis() {
    assertThat(apply(LogCommand.newBuilder().setZadd(zadd("z", 1, "a", 2, "b"))).getZadd().getCount()).isEqualTo(2);
    // NX: only new members
    apply(LogCommand.newBuilder().setZadd(zadd("z", 9, "a", 3, "c").setCondition(ZAddCondition.ZADD_CONDITION_IF_ABSENT)));
    // XX: only existing members
    apply(LogCommand.newBuilder().setZadd(zadd("z", 5, "b", 7, "d").setCondition(ZAddCondition.ZADD_CONDITION_IF_PRESENT)));
    // GT: only upward moves; CH counts them
    CommandResult gt = apply(LogCommand.newBuilder().setZadd(zadd("z", 0, "a", 4, "c")
        .setComparison(ZAddComparison.ZADD_COMPARISON_GREATER).setCountChanged(true)));

    assertThat(gt.getZadd().getCount()).isEqualTo(1);
    assertThat(zrange(ZRangeRequest.newBuilder().setByRank(RankRange.newBuilder().setStart(0).setStop(-1))))
        .containsExactly("a=1", "c=4", "b=5");
  }

  @Test
  void zaddIncr_andZincrBy_addToTheScore_andRejectANaNResult() {
    CommandResult incr = apply(LogCommand.newBuilder().setZadd(zadd("z", 2.5, "a").setIncrement(true)));
    assertThat(incr.getZadd().getScore()).isEqualTo(2.5);
    CommandResult blocked = apply(LogCommand.newBuilder()
        .setZadd(zadd("z", 1, "a").setIncrement(true).setCondition(ZAddCondition.ZADD_CONDITION_IF_ABSENT)));
    assertThat(blocked.getZadd().getHasScore()).isFalse();
    LogCommand.Builder plusInf = LogCommand.newBuilder()
        .setZincrBy(ZIncrByRequest.newBuilder().setKey(b("z")).setMember(b("a")).setDelta(Double.POSITIVE_INFINITY));
    assertThat(apply(plusInf).getZincrBy().getScore()).isEqualTo(Double.POSITIVE_INFINITY);

    CommandResult nan = apply(LogCommand.newBuilder()
        .setZincrBy(ZIncrByRequest.newBuilder().setKey(b("z")).setMember(b("a")).setDelta(Double.NEGATIVE_INFINITY)));

    assertThat(nan.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
  }

  @Test
  void zrange_byRankAndByScore_forwardAndReverse_withLimit() {
    apply(LogCommand.newBuilder().setZadd(zadd("z", 10, "a", 20, "b", 30, "c", 40, "d", 50, "e")));

    assertThat(zrange(ZRangeRequest.newBuilder().setByRank(RankRange.newBuilder().setStart(1).setStop(2))))
        .containsExactly("b=20", "c=30");
    assertThat(zrange(ZRangeRequest.newBuilder().setByRank(RankRange.newBuilder().setStart(0).setStop(1)).setReverse(true)))
        .containsExactly("e=50", "d=40");
    assertThat(zrange(ZRangeRequest.newBuilder().setByRank(RankRange.newBuilder().setStart(-2).setStop(-1))))
        .containsExactly("d=40", "e=50");
    ScoreRange twentyTo40 = ScoreRange.newBuilder().setMin(bound(20, true)).setMax(bound(40, false)).build();
    assertThat(zrange(ZRangeRequest.newBuilder().setByScore(twentyTo40))).containsExactly("c=30", "d=40");
    ScoreRange all = ScoreRange.newBuilder()
        .setMin(bound(Double.NEGATIVE_INFINITY, false)).setMax(bound(Double.POSITIVE_INFINITY, false)).build();
    assertThat(zrange(ZRangeRequest.newBuilder().setByScore(all).setOffset(1).setLimit(2))).containsExactly("b=20", "c=30");
    assertThat(zrange(ZRangeRequest.newBuilder().setByScore(all).setOffset(1).setLimit(2).setReverse(true)))
        .containsExactly("d=40", "c=30");
    assertThat(zrange(ZRangeRequest.newBuilder().setByScore(all).setLimit(0))).as("LIMIT 0 0, as Redis").isEmpty();
    assertThat(zrange(ZRangeRequest.newBuilder().setByScore(all).setOffset(3))).containsExactly("d=40", "e=50");
    assertThat(read(CommandTable.ZCOUNT, ZCountRequest.newBuilder().setKey(b("z"))
        .setMin(bound(20, false)).setMax(bound(40, true))).getCount()).isEqualTo(2);
    assertThat(read(CommandTable.ZRANK, ZRankRequest.newBuilder().setKey(b("z")).setMember(b("b"))
        .setReverse(true)).getRank()).isEqualTo(3);
  }

  @Test
  void hmget_zscore_zcard_zrank_answerMissingKeysAndMembersAsAbsent() {
    apply(hset("h", "a", "1"));
    apply(LogCommand.newBuilder().setZadd(zadd("z", 1.5, "a", 3, "b")));

    var hmget = read(CommandTable.HMGET, io.raftcache.proto.v1.HMGetRequest.newBuilder()
        .setKey(b("h")).addFields(b("a")).addFields(b("zz")));
    var score = read(CommandTable.ZSCORE, MemberRequest.newBuilder().setKey(b("z")).setMember(b("a")));
    var noScore = read(CommandTable.ZSCORE, MemberRequest.newBuilder().setKey(b("none")).setMember(b("a")));
    var rank = read(CommandTable.ZRANK, ZRankRequest.newBuilder().setKey(b("z")).setMember(b("b")));
    var noRank = read(CommandTable.ZRANK, ZRankRequest.newBuilder().setKey(b("z")).setMember(b("c")));

    assertThat(hmget.getValuesList()).extracting(v -> v.getFound()).containsExactly(true, false);
    assertThat(score.getScore()).isEqualTo(1.5);
    assertThat(noScore.getFound()).isFalse();
    assertThat(rank.getRank()).isEqualTo(1);
    assertThat(noRank.getFound()).isFalse();
    assertThat(read(CommandTable.ZCARD, key("z")).getCount()).isEqualTo(2);
    assertThat(read(CommandTable.ZCARD, key("none")).getCount()).isZero();
  }

  @Test
  void zrem_lastMember_deletesTheKey() {
    apply(LogCommand.newBuilder().setZadd(zadd("z", 1, "a")));

    assertThat(apply(LogCommand.newBuilder().setZrem(members("z", "a", "b"))).getZrem().getCount()).isEqualTo(1);

    assertThat(read(CommandTable.TYPE, key("z")).getType()).isEqualTo(ValueType.VALUE_TYPE_NONE);
  }

  // ---- types and keys

  @Test
  void wrongType_isRejectedOnWritesAndReads_andChangesNothing() {
    apply(LogCommand.newBuilder().setSadd(members("s", "a")));
    apply(hset("h", "f", "v"));
    long digest = replica.state.progress().digest();

    List<CommandResult> writes = List.of(
        apply(hset("s", "f", "v")),
        apply(LogCommand.newBuilder().setZadd(zadd("h", 1, "a"))),
        apply(LogCommand.newBuilder().setIncrBy(IncrByRequest.newBuilder().setKey(b("s")).setDelta(1))));

    assertThat(writes).allSatisfy(r -> assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_WRONG_TYPE));
    assertThatThrownBy(() -> read(CommandTable.GET, GetRequest.newBuilder().setKey(b("h"))))
        .isInstanceOfSatisfying(CommandRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ERROR_CODE_WRONG_TYPE));
    assertThatThrownBy(() -> read(CommandTable.SMEMBERS, key("h"))).hasMessageContaining("hash");
    assertThat(replica.state.progress().digest()).isEqualTo(digest);
  }

  @Test
  void set_overACollection_replacesIt() {
    apply(hset("k", "f", "v"));

    replica.apply(Log.set(T, "k", "plain"));

    assertThat(read(CommandTable.TYPE, key("k")).getType()).isEqualTo(ValueType.VALUE_TYPE_STRING);
  }

  @Test
  void scan_returnsEveryMatchingKeyOnce_acrossPages() {
    for (int i = 0; i < 25; i++) {
      replica.apply(Log.set(T, "user:" + i, "v"));
      replica.apply(Log.set(T, "order:" + i, "v"));
    }
    List<String> found = new ArrayList<>();
    ByteString cursor = ByteString.EMPTY;
    int calls = 0;
    do {
      var page = read(CommandTable.SCAN, 
          ScanRequest.newBuilder().setCursor(cursor).setMatch("user:*").setCount(7));
      found.addAll(strings(page.getKeysList()));
      cursor = page.getNextCursor();
      calls++;
    } while (!cursor.isEmpty());

    assertThat(found).hasSize(25).doesNotHaveDuplicates().allMatch(k -> k.startsWith("user:"));
    assertThat(calls).isEqualTo(8); // 50 keys, 7 examined per call
  }

  @Test
  void mixedCollectionLog_onTwoFreshReplicas_givesTheSameDigest() {
    List<LogCommand> log = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      log.add(hset("h" + i % 7, "f" + i % 13, "v" + i).setLeaderTimeMs(T + i).build());
      log.add(LogCommand.newBuilder().setSadd(members("s" + i % 5, "m" + i % 11)).setLeaderTimeMs(T + i).build());
      log.add(LogCommand.newBuilder().setZadd(zadd("z" + i % 3, i % 17, "m" + i % 19)).setLeaderTimeMs(T + i).build());
      if (i % 10 == 0) {
        log.add(LogCommand.newBuilder().setZrem(members("z" + i % 3, "m" + i % 19)).setLeaderTimeMs(T + i).build());
        log.add(LogCommand.newBuilder().setSrem(members("s" + i % 5, "m" + i % 11)).setLeaderTimeMs(T + i).build());
      }
    }
    Replica other = new Replica();
    for (LogCommand c : log) {
      replica.apply(c);
      other.apply(c);
    }

    assertThat(other.state.progress().digest()).isEqualTo(replica.state.progress().digest());
    Replica divergent = new Replica();
    log.forEach(divergent::apply);
    divergent.apply(LogCommand.newBuilder().setZadd(zadd("z0", 1000, "m1")).setLeaderTimeMs(T).build());
    assertThat(divergent.state.progress().digest()).isNotEqualTo(replica.state.progress().digest());
  }

  @Test
  void expiry_removesACollectionLikeAString() {
    apply(LogCommand.newBuilder().setSadd(members("s", "a")));
    replica.apply(Log.expire(T, "s", 100));

    replica.apply(Log.expireKey(T + 200, "s", T + 100));

    assertThat(replica.state.progress().keyCount()).isZero();
  }
}
