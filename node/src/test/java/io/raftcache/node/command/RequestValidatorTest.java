package io.raftcache.node.command;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.config.Tunables;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.RankRange;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScoredMember;
import io.raftcache.proto.v1.ZAddComparison;
import io.raftcache.proto.v1.ZAddCondition;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.WriteHeader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
  private static final Tunables LIMITS = new Tunables(Duration.ofMillis(300), Duration.ofMillis(600),
      1000, 1 << 20, 100, 8, 16, 3, Duration.ofMillis(100), 10, Duration.ofSeconds(1), MemoryLimit.none());
  private final RequestValidator validator = new RequestValidator(Limits.of(LIMITS));

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static SetRequest.Builder set() {
    return SetRequest.newBuilder().setKey(b("key")).setValue(b("value"));
  }

  @Test
  void set_valid_passes() {
    assertThatCode(() -> validator.check(set().setTtlMs(1000).build())).doesNotThrowAnyException();
  }

  @Test
  void set_emptyKey_namesTheKey() {
    assertThatThrownBy(() -> validator.check(set().setKey(ByteString.EMPTY).build()))
        .hasMessage("key: must not be empty");
  }

  @Test
  void set_keyOverTheLimit_saysBothSizes() {
    assertThatThrownBy(() -> validator.check(set().setKey(b("123456789")).build()))
        .hasMessage("key: 9 bytes exceed max_key_bytes (8)");
  }

  @Test
  void set_valueOverTheLimit_saysBothSizes() {
    assertThatThrownBy(() -> validator.check(set().setValue(b("x".repeat(17))).build()))
        .hasMessage("value: 17 bytes exceed max_value_bytes (16)");
  }

  @Test
  void set_negativeTtl_isRejected() {
    assertThatThrownBy(() -> validator.check(set().setTtlMs(-1).build()))
        .hasMessageStartingWith("ttl_ms: -1 is negative");
  }

  @Test
  void set_absurdTtl_isRejected() {
    assertThatThrownBy(() -> validator.check(set().setTtlMs(Long.MAX_VALUE).build()))
        .hasMessageContaining("exceeds the maximum TTL of 3650 days");
  }

  @Test
  void set_ifVersionWithoutItsCondition_isRejected() {
    assertThatThrownBy(() -> validator.check(set().setIfVersion(3).build()))
        .hasMessageStartingWith("if_version: is only allowed with condition SET_CONDITION_IF_VERSION");
    assertThatThrownBy(() -> validator.check(set().setCondition(SetCondition.SET_CONDITION_IF_VERSION).build()))
        .hasMessageStartingWith("if_version: must be set");
  }

  @Test
  void set_unknownCondition_isRejected() {
    assertThatThrownBy(() -> validator.check(set().setConditionValue(42).build()))
        .hasMessage("condition: unknown value 42");
  }

  @Test
  void expire_zeroTtl_isRejected() {
    assertThatThrownBy(() -> validator.check(ExpireRequest.newBuilder().setKey(b("k")).setTtlMs(0).build()))
        .hasMessageStartingWith("ttl_ms: 0 must be positive");
  }

  @Test
  void delete_tooManyKeysOrNone_isRejected() {
    DeleteRequest.Builder four = DeleteRequest.newBuilder().addKeys(b("a")).addKeys(b("b")).addKeys(b("c")).addKeys(b("d"));
    assertThatThrownBy(() -> validator.check(four.build())).hasMessage("keys: 4 keys exceed max_batch_keys (3)");
    assertThatThrownBy(() -> validator.check(DeleteRequest.getDefaultInstance())).hasMessage("keys: must name at least one key");
  }

  @Test
  void mset_tooManyEntries_isRejectedInPlainEnglish() {
    MSetRequest.Builder four = MSetRequest.newBuilder();
    for (String k : new String[] {"a", "b", "c", "d"}) {
      four.addEntries(KeyValue.newBuilder().setKey(b(k)).setValue(b("1")));
    }
    assertThatThrownBy(() -> validator.check(four.build())).hasMessage("entries: 4 entries exceed max_batch_keys (3)");
  }

  @Test
  void mset_badEntry_namesItsPosition() {
    MSetRequest request = MSetRequest.newBuilder()
        .addEntries(KeyValue.newBuilder().setKey(b("a")).setValue(b("1")))
        .addEntries(KeyValue.newBuilder().setKey(ByteString.EMPTY).setValue(b("2")))
        .build();
    assertThatThrownBy(() -> validator.check(request)).hasMessage("entries[1].key: must not be empty");
  }

  @Test
  void header_wrongClientIdLengthOrSequence_isRejected() {
    WriteHeader shortId = WriteHeader.newBuilder().setClientId(b("abc")).setSequence(1).build();
    WriteHeader noSequence = WriteHeader.newBuilder().setClientId(ByteString.copyFrom(new byte[16])).build();
    WriteHeader unackedAhead = WriteHeader.newBuilder().setClientId(ByteString.copyFrom(new byte[16]))
        .setSequence(3).setFirstUnackedSequence(4).build();

    assertThatThrownBy(() -> validator.check(set().setHeader(shortId).build()))
        .hasMessage("header.client_id: must be 16 bytes, not 3");
    assertThatThrownBy(() -> validator.check(set().setHeader(noSequence).build()))
        .hasMessage("header.sequence: must be between 1 and 2^63-1 with a client_id");
    WriteHeader topBit = noSequence.toBuilder().setSequence(-5).build();
    assertThatThrownBy(() -> validator.check(set().setHeader(topBit).build()))
        .hasMessageStartingWith("header.sequence: must be between 1 and 2^63-1");
    assertThatThrownBy(() -> validator.check(set().setHeader(unackedAhead).build()))
        .hasMessageStartingWith("header.first_unacked_sequence: 4 is above");
  }

  // ---- collections

  private static ZAddRequest.Builder zadd(double score) {
    return ZAddRequest.newBuilder().setKey(b("board"))
        .addMembers(ScoredMember.newBuilder().setMember(b("alice")).setScore(score));
  }

  @Test
  void zadd_nanScore_namesTheMember() {
    assertThatThrownBy(() -> validator.check(zadd(Double.NaN).build()))
        .hasMessage("members[0].score: is not a number (NaN)");
  }

  @Test
  void zadd_nxWithGt_orIncrWithTwoMembers_isRejected() {
    assertThatThrownBy(() -> validator.check(zadd(1).setCondition(ZAddCondition.ZADD_CONDITION_IF_ABSENT)
        .setComparison(ZAddComparison.ZADD_COMPARISON_GREATER).build()))
        .hasMessageStartingWith("comparison: GT and LT cannot be combined with NX");
    ZAddRequest two = zadd(1).addMembers(ScoredMember.newBuilder().setMember(b("bob")).setScore(2))
        .setIncrement(true).build();
    assertThatThrownBy(() -> validator.check(two)).hasMessage("members: increment takes exactly one member, not 2");
  }

  @Test
  void zrange_withoutARange_orPagingRanks_isRejected() {
    assertThatThrownBy(() -> validator.check(ZRangeRequest.newBuilder().setKey(b("board")).build()))
        .hasMessage("range: must be by_rank or by_score");
    ZRangeRequest pagedRanks = ZRangeRequest.newBuilder().setKey(b("board"))
        .setByRank(RankRange.newBuilder().setStart(0).setStop(-1)).setLimit(5).build();
    assertThatThrownBy(() -> validator.check(pagedRanks)).hasMessageStartingWith("offset: offset and limit page a score range");
  }

  @Test
  void hset_noFields_orAFieldOverTheLimit_isRejected() {
    assertThatThrownBy(() -> validator.check(HSetRequest.newBuilder().setKey(b("h")).build()))
        .hasMessage("fields: must name at least one field");
    HSetRequest longField = HSetRequest.newBuilder().setKey(b("h"))
        .addFields(FieldValue.newBuilder().setField(b("123456789")).setValue(b("v"))).build();
    assertThatThrownBy(() -> validator.check(longField)).hasMessage("fields[0].field: 9 bytes exceed max_key_bytes (8)");
  }

  @Test
  void members_overTheBatchLimit_areCountedInTheMessage() {
    MembersRequest four = MembersRequest.newBuilder().setKey(b("s"))
        .addMembers(b("a")).addMembers(b("b")).addMembers(b("c")).addMembers(b("d")).build();
    assertThatThrownBy(() -> validator.check(four)).hasMessage("members: 4 members exceed max_batch_keys (3)");
  }

  @Test
  void scan_badPatternOrCount_isRejected() {
    assertThatThrownBy(() -> validator.check(ScanRequest.newBuilder().setMatch("user:[ab").build()))
        .hasMessageStartingWith("match: the character class at offset 5 has no closing ]");
    assertThatThrownBy(() -> validator.check(ScanRequest.newBuilder().setCount(1001).build()))
        .hasMessage("count: 1001 exceeds 1000 keys per call");
    assertThatThrownBy(() -> validator.check(ScanRequest.newBuilder().setCount((int) 3_000_000_000L).build()))
        .hasMessage("count: 3000000000 exceeds 1000 keys per call");
    assertThatCode(() -> validator.check(ScanRequest.getDefaultInstance())).doesNotThrowAnyException();
  }
}
