package io.raftcache.node.statemachine;

import com.google.protobuf.ByteString;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.ExpiredKey;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.WriteHeader;

/** Builds log entries for tests: commands stamped with a leader time. */
final class Log {
  private Log() {}

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static LogCommand set(long time, String key, String value) {
    return set(time, SetRequest.newBuilder().setKey(b(key)).setValue(b(value)));
  }

  static LogCommand setWithTtl(long time, String key, String value, long ttlMillis) {
    return set(time, SetRequest.newBuilder().setKey(b(key)).setValue(b(value)).setTtlMs(ttlMillis));
  }

  static LogCommand setIfVersion(long time, String key, String value, long version) {
    return set(time, SetRequest.newBuilder().setKey(b(key)).setValue(b(value))
        .setCondition(SetCondition.SET_CONDITION_IF_VERSION).setIfVersion(version));
  }

  static LogCommand set(long time, SetRequest.Builder request) {
    return LogCommand.newBuilder().setLeaderTimeMs(time).setSet(request).build();
  }

  static LogCommand incrBy(long time, String key, long delta) {
    return incrBy(time, key, delta, WriteHeader.getDefaultInstance());
  }

  /** An INCRBY entry as the command table writes it: the retry header on the entry. */
  static LogCommand incrBy(long time, String key, long delta, WriteHeader header) {
    IncrByRequest request = IncrByRequest.newBuilder().setHeader(header).setKey(b(key)).setDelta(delta).build();
    return CommandTable.INCRBY.entry(request).toBuilder().setLeaderTimeMs(time).build();
  }

  /** An INCRBY entry in log format 1, as written before the header moved: inside the request. */
  static LogCommand incrByInFormat1(long time, String key, long delta, WriteHeader header) {
    return LogCommand.newBuilder().setLeaderTimeMs(time)
        .setIncrBy(IncrByRequest.newBuilder().setHeader(header).setKey(b(key)).setDelta(delta))
        .build();
  }

  static LogCommand del(long time, String... keys) {
    DeleteRequest.Builder request = DeleteRequest.newBuilder();
    for (String k : keys) {
      request.addKeys(b(k));
    }
    return LogCommand.newBuilder().setLeaderTimeMs(time).setDelete(request).build();
  }

  static LogCommand mset(long time, String... keysAndValues) {
    MSetRequest.Builder request = MSetRequest.newBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      request.addEntries(KeyValue.newBuilder().setKey(b(keysAndValues[i])).setValue(b(keysAndValues[i + 1])));
    }
    return LogCommand.newBuilder().setLeaderTimeMs(time).setMset(request).build();
  }

  static LogCommand expire(long time, String key, long ttlMillis) {
    return LogCommand.newBuilder().setLeaderTimeMs(time)
        .setExpire(ExpireRequest.newBuilder().setKey(b(key)).setTtlMs(ttlMillis))
        .build();
  }

  static LogCommand persist(long time, String key) {
    return LogCommand.newBuilder().setLeaderTimeMs(time)
        .setPersist(PersistRequest.newBuilder().setKey(b(key)))
        .build();
  }

  static LogCommand expireKeys(long time, ExpireKeys decision) {
    return LogCommand.newBuilder().setLeaderTimeMs(time).setExpireKeys(decision).build();
  }

  static LogCommand expireKey(long time, String key, long deadline) {
    return expireKeys(time, ExpireKeys.newBuilder()
        .addKeys(ExpiredKey.newBuilder().setKey(b(key)).setExpiresAtMs(deadline))
        .build());
  }

  static WriteHeader header(int client, long sequence, long firstUnacked) {
    byte[] id = new byte[16];
    id[15] = (byte) client;
    return WriteHeader.newBuilder()
        .setClientId(ByteString.copyFrom(id))
        .setSequence(sequence)
        .setFirstUnackedSequence(firstUnacked)
        .build();
  }
}
