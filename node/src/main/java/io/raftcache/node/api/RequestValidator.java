package io.raftcache.node.api;

import com.google.protobuf.ByteString;
import io.raftcache.node.config.Tunables;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.ReadConsistency;
import io.raftcache.proto.v1.ReadOptions;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.WriteHeader;
import java.time.Duration;
import java.util.List;

/**
 * Checks requests at the edge, before anything is proposed to Raft: sizes against the cluster's
 * limits, TTL ranges, batch lengths, the retry header. An invalid request is answered
 * INVALID_ARGUMENT naming the field, and never reaches the log.
 */
final class RequestValidator {
  /** Longer TTLs are almost surely a unit mistake (seconds for milliseconds, say). */
  static final long MAX_TTL_MILLIS = Duration.ofDays(3650).toMillis();
  static final int CLIENT_ID_BYTES = 16;

  private final Tunables limits;

  RequestValidator(Tunables limits) {
    this.limits = limits;
  }

  void check(GetRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    read(r.getRead());
  }

  void check(MGetRequest r) throws InvalidRequestException {
    keys(r.getKeysList());
    read(r.getRead());
  }

  void check(ExistsRequest r) throws InvalidRequestException {
    keys(r.getKeysList());
    read(r.getRead());
  }

  void check(TtlRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    read(r.getRead());
  }

  void check(SetRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    value("value", r.getValue());
    ttl(r.getTtlMs(), 0);
    if (r.getCondition() == SetCondition.UNRECOGNIZED) {
      throw new InvalidRequestException("condition", "unknown value " + r.getConditionValue());
    }
    boolean byVersion = r.getCondition() == SetCondition.SET_CONDITION_IF_VERSION;
    if (byVersion && r.getIfVersion() == 0) {
      throw new InvalidRequestException("if_version", "must be set (versions start at 1) with SET_CONDITION_IF_VERSION");
    }
    if (!byVersion && r.getIfVersion() != 0) {
      throw new InvalidRequestException("if_version", "is only allowed with condition SET_CONDITION_IF_VERSION");
    }
  }

  void check(MSetRequest r) throws InvalidRequestException {
    header(r.getHeader());
    batchSize("entries", r.getEntriesCount());
    for (int i = 0; i < r.getEntriesCount(); i++) {
      KeyValue kv = r.getEntries(i);
      key("entries[" + i + "].key", kv.getKey());
      value("entries[" + i + "].value", kv.getValue());
    }
  }

  void check(DeleteRequest r) throws InvalidRequestException {
    header(r.getHeader());
    keys(r.getKeysList());
  }

  void check(IncrByRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
  }

  void check(ExpireRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    ttl(r.getTtlMs(), 1);
  }

  void check(PersistRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
  }

  private void keys(List<ByteString> keys) throws InvalidRequestException {
    batchSize("keys", keys.size());
    for (int i = 0; i < keys.size(); i++) {
      key("keys[" + i + "]", keys.get(i));
    }
  }

  private void batchSize(String field, int count) throws InvalidRequestException {
    if (count == 0) {
      throw new InvalidRequestException(field, "must name at least one key");
    }
    if (count > limits.maxBatchKeys()) {
      throw new InvalidRequestException(field,
          count + " keys exceed max_batch_keys (" + limits.maxBatchKeys() + ")");
    }
  }

  private void key(String field, ByteString key) throws InvalidRequestException {
    if (key.isEmpty()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
    if (key.size() > limits.maxKeyBytes()) {
      throw new InvalidRequestException(field,
          key.size() + " bytes exceed max_key_bytes (" + limits.maxKeyBytes() + ")");
    }
  }

  private void value(String field, ByteString value) throws InvalidRequestException {
    if (value.size() > limits.maxValueBytes()) {
      throw new InvalidRequestException(field,
          value.size() + " bytes exceed max_value_bytes (" + limits.maxValueBytes() + ")");
    }
  }

  private static void ttl(long ttlMillis, long min) throws InvalidRequestException {
    if (ttlMillis < min) {
      throw new InvalidRequestException("ttl_ms", ttlMillis + (min == 0
          ? " is negative (0 means no expiry)"
          : " must be positive: a TTL of at least 1 ms"));
    }
    if (ttlMillis > MAX_TTL_MILLIS) {
      throw new InvalidRequestException("ttl_ms", ttlMillis + " exceeds the maximum TTL of 3650 days ("
          + MAX_TTL_MILLIS + " ms)");
    }
  }

  private static void header(WriteHeader h) throws InvalidRequestException {
    if (h.getClientId().isEmpty()) {
      return;
    }
    if (h.getClientId().size() != CLIENT_ID_BYTES) {
      throw new InvalidRequestException("header.client_id",
          "must be " + CLIENT_ID_BYTES + " bytes, not " + h.getClientId().size());
    }
    // uint64 on the wire; the nodes keep sequences as signed longs, so the top bit is refused.
    if (h.getSequence() <= 0) {
      throw new InvalidRequestException("header.sequence", "must be between 1 and 2^63-1 with a client_id");
    }
    if (h.getFirstUnackedSequence() < 0 || h.getFirstUnackedSequence() > h.getSequence()) {
      throw new InvalidRequestException("header.first_unacked_sequence",
          h.getFirstUnackedSequence() + " is above the request's own sequence " + h.getSequence());
    }
  }

  private static void read(ReadOptions options) throws InvalidRequestException {
    if (options.getConsistency() == ReadConsistency.UNRECOGNIZED) {
      throw new InvalidRequestException("read.consistency", "unknown value " + options.getConsistencyValue());
    }
  }
}
