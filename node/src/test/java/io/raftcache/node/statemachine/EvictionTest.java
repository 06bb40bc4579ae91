package io.raftcache.node.statemachine;

import static io.raftcache.node.statemachine.Log.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.node.config.EvictionPolicy;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.EvictedKey;
import io.raftcache.proto.internal.LogCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvictionTest {
  private static final long T = 1_000_000;
  private static final String VALUE = "v".repeat(100);

  private final Replica replica = new Replica();
  private long time = T;

  /** Writes {@code count} keys named prefix0..; returns the memory they brought. */
  private long fill(String prefix, int count, long ttlMillis) {
    long before = replica.state.usedMemory();
    for (int i = 0; i < count; i++) {
      replica.apply(ttlMillis == 0 ? Log.set(++time, prefix + i, VALUE) : Log.setWithTtl(++time, prefix + i, VALUE, ttlMillis));
    }
    return replica.state.usedMemory() - before;
  }

  /** What the leader's scanner does: propose victims and apply them until memory is under the limit. */
  private List<String> evictUntilUnder(MemoryLimit limit) {
    List<String> evicted = new ArrayList<>();
    for (EvictKeys victims = replica.state.findVictims(limit, time, 1000); victims.getKeysCount() > 0;
        victims = replica.state.findVictims(limit, time, 1000)) {
      victims.getKeysList().forEach(v -> evicted.add(v.getKey().toStringUtf8()));
      replica.apply(LogCommand.newBuilder().setLeaderTimeMs(++time).setEvictKeys(victims).build());
    }
    return evicted;
  }

  private boolean present(String key) {
    return replica.value(key, time) != null;
  }

  @Test
  void allkeysLru_bringsMemoryUnderTheLimit_andKeepsTheKeysReadSince() {
    long perKey = fill("k", 1000, 0) / 1000;
    MemoryLimit limit = new MemoryLimit(perKey * 500, EvictionPolicy.ALLKEYS_LRU);
    List<String> hot = IntStream.range(0, 100).mapToObj(i -> "k" + i * 10).toList();
    time += 1000;
    hot.forEach(k -> replica.get(k, time)); // read after every other key was last touched

    List<String> evicted = evictUntilUnder(limit);

    assertThat(replica.state.usedMemory()).isLessThanOrEqualTo(limit.maxBytes());
    assertThat(evicted).hasSizeGreaterThanOrEqualTo(500);
    long hotKept = hot.stream().filter(this::present).count();
    assertThat(hotKept).as("recently read keys kept (of 100)").isGreaterThanOrEqualTo(95);
  }

  @Test
  void allkeysLfu_keepsTheKeysReadOften() {
    long perKey = fill("k", 1000, 0) / 1000;
    MemoryLimit limit = new MemoryLimit(perKey * 500, EvictionPolicy.ALLKEYS_LFU);
    List<String> frequent = IntStream.range(0, 100).mapToObj(i -> "k" + i * 10).toList();
    for (int round = 0; round < 50; round++) {
      frequent.forEach(k -> replica.get(k, time));
    }
    time += 1000;
    IntStream.range(0, 1000).filter(i -> i % 10 != 0).forEach(i -> replica.get("k" + i, time)); // more recent, once

    evictUntilUnder(limit);

    assertThat(frequent.stream().filter(this::present).count()).isGreaterThanOrEqualTo(95);
  }

  @Test
  void allkeysTinyLfu_keepsTheKeysAskedForOften_overAScan_andAKeyMissedOftenOnceWritten() {
    replica.state.countRequests();
    long perKey = fill("k", 1000, 0) / 1000;
    MemoryLimit limit = new MemoryLimit(perKey * 500, EvictionPolicy.ALLKEYS_TINYLFU);
    List<String> frequent = IntStream.range(0, 100).mapToObj(i -> "k" + i * 10).toList();
    for (int round = 0; round < 5; round++) {
      frequent.forEach(k -> replica.get(k, time));
      replica.get("wanted", time); // a miss each time: cache-aside clients keep asking for it
    }
    time += 1000;
    replica.apply(Log.set(++time, "wanted", VALUE));
    IntStream.range(0, 1000).filter(i -> i % 10 != 0).forEach(i -> replica.get("k" + i, time)); // a scan, more recent

    evictUntilUnder(limit);

    assertThat(frequent.stream().filter(this::present).count()).as("frequent keys kept (of 100)").isGreaterThanOrEqualTo(95);
    assertThat(present("wanted")).as("the key missed 5 times, then written").isTrue();
    assertThat(replica.state.usedMemory()).isLessThanOrEqualTo(limit.maxBytes());
  }

  @Test
  void allkeysTinyLfu_evictsNewKeysNobodyAsksFor_beforeOlderKeysInUse() {
    replica.state.countRequests();
    long perKey = fill("used", 1000, 0) / 1000;
    for (int round = 0; round < 2; round++) {
      IntStream.range(0, 1000).forEach(i -> replica.get("used" + i, time));
    }
    fill("once", 100, 0); // written, never read: a scan's keys, the long tail
    MemoryLimit limit = new MemoryLimit(perKey * 1000, EvictionPolicy.ALLKEYS_TINYLFU);

    List<String> evicted = evictUntilUnder(limit);

    // Sampling alone finds one of the 100 new keys among 5 draws 38 % of the time (about 42 of the
    // 110 victims); admission judges each one past the window (the newest 27) and evicts it.
    long newcomers = evicted.stream().filter(k -> k.startsWith("once")).count();
    assertThat(newcomers).as("new keys among %d evicted", evicted.size()).isGreaterThanOrEqualTo(75);
  }

  @Test
  void volatilePolicies_evictOnlyKeysWithATtl_andVolatileTtlTheSoonestFirst() {
    long noTtl = fill("keep", 300, 0);
    fill("soon", 200, 60_000);
    fill("late", 200, 3_600_000);
    MemoryLimit limit = new MemoryLimit(noTtl + (replica.state.usedMemory() - noTtl) / 2, EvictionPolicy.VOLATILE_TTL);

    List<String> evicted = evictUntilUnder(limit);

    // every key that expires soon first, then (for the 1% margin under the limit) a few of the later ones
    assertThat(evicted.subList(0, 200)).allMatch(k -> k.startsWith("soon"));
    assertThat(evicted.subList(200, evicted.size())).allMatch(k -> k.startsWith("late")).hasSizeLessThan(20);
    assertThat(replica.state.usedMemory()).isLessThanOrEqualTo(limit.maxBytes());

    MemoryLimit tight = new MemoryLimit(noTtl / 2, EvictionPolicy.VOLATILE_LRU);
    List<String> more = evictUntilUnder(tight);
    assertThat(more).isNotEmpty().noneMatch(k -> k.startsWith("keep"));
    assertThat(IntStream.range(0, 300).allMatch(i -> present("keep" + i))).isTrue();
    assertThat(replica.state.findVictims(tight, time, 1000).getKeysCount()).as("nothing left to evict").isZero();
  }

  @Test
  void aKeyWrittenAgainAfterTheLeaderChoseIt_survivesTheEviction() {
    fill("k", 10, 0);
    long version = replica.get("k3", time).getVersion();
    replica.apply(Log.set(++time, "k3", "rewritten"));

    replica.apply(LogCommand.newBuilder().setLeaderTimeMs(++time).setEvictKeys(EvictKeys.newBuilder()
        .addKeys(EvictedKey.newBuilder().setKey(b("k3")).setVersion(version))
        .addKeys(EvictedKey.newBuilder().setKey(b("k4")).setVersion(replica.get("k4", time).getVersion()))).build());

    assertThat(replica.value("k3", time)).isEqualTo("rewritten");
    assertThat(present("k4")).isFalse();
  }

  @Test
  void usedMemory_isTheSameOnTwoReplicasFedTheSameLog_andFallsBackWhenKeysGo() {
    Replica other = new Replica();
    List<LogCommand> log = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      log.add(Log.setWithTtl(T + i, "k" + i % 50, "v".repeat(i % 70), i % 3 == 0 ? 0 : 10_000));
      log.add(LogCommand.newBuilder().setLeaderTimeMs(T + i).setSadd(io.raftcache.proto.v1.MembersRequest.newBuilder()
          .setKey(b("s" + i % 7)).addMembers(b("m" + i))).build());
    }
    log.add(Log.del(T + 400, "k1", "k2", "s3"));
    log.forEach(replica::apply);
    log.forEach(other::apply);

    assertThat(other.state.usedMemory()).isEqualTo(replica.state.usedMemory()).isPositive();
    long before = replica.state.usedMemory();
    replica.apply(Log.del(T + 500, "s1", "k5"));
    assertThat(replica.state.usedMemory()).isLessThan(before);
    Replica empty = new Replica();
    replica.apply(LogCommand.newBuilder().setLeaderTimeMs(T + 600)
        .setFlushAll(io.raftcache.proto.internal.FlushAll.getDefaultInstance()).build());
    assertThat(replica.state.usedMemory()).isEqualTo(empty.state.usedMemory()).isZero();
  }
}
