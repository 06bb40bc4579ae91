package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.HashValue;
import io.raftcache.node.keyspace.Key;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.internal.HSetNxRequest;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetAllResponse;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HMGetRequest;
import io.raftcache.proto.v1.HMGetResponse;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.IntegerResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.OptionalValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The hash commands (HSET, HGET, HDEL, HINCRBY...). Time comes in as {@code now}, as everywhere. */
final class HashCommands {
  private final TypedKeys keys;

  HashCommands(TypedKeys keys) {
    this.keys = keys;
  }

  CountResponse hset(HSetRequest request, long now) {
    TypedKeys.Change<HashValue> change = keys.change(request.getKey(), now, HashValue.class, HashValue::new);
    long added = 0;
    for (FieldValue fv : request.getFieldsList()) {
      Key field = TypedKeys.key(fv.getField());
      if (change.value().put(field, fv.getValue().toByteArray()) == null) {
        added++;
      }
      change.touched(field);
    }
    if (request.getTtlMs() > 0) {
      change.expireAfter(now, request.getTtlMs());
    }
    change.commit();
    return count(added);
  }

  /** HSETNX: sets the field only if the hash lacks it. */
  BoolResponse hsetNx(HSetNxRequest request, long now) {
    TypedKeys.Change<HashValue> change = keys.change(request.getKey(), now, HashValue.class, HashValue::new);
    Key field = TypedKeys.key(request.getField());
    if (change.value().get(field) != null) {
      return BoolResponse.newBuilder().setValue(false).build();
    }
    change.value().put(field, request.getValue().toByteArray());
    change.touched(field);
    change.commit();
    return BoolResponse.newBuilder().setValue(true).build();
  }

  CountResponse hdel(HDelRequest request, long now) {
    TypedKeys.Change<HashValue> change = keys.change(request.getKey(), now, HashValue.class, HashValue::new);
    long deleted = change.forEachMember(request.getFieldsList(), change.value()::remove);
    change.commit();
    return count(deleted);
  }

  IntegerResponse hincrBy(HIncrByRequest request, long now) {
    TypedKeys.Change<HashValue> change = keys.change(request.getKey(), now, HashValue.class, HashValue::new);
    Key field = TypedKeys.key(request.getField());
    byte[] current = change.value().get(field);
    long after = DecimalIntegers.add(current == null ? 0 : DecimalIntegers.parse(current), request.getDelta());
    change.value().put(field, DecimalIntegers.format(after));
    change.touched(field);
    change.commit();
    return IntegerResponse.newBuilder().setValue(after).build();
  }

  OptionalValue hget(HGetRequest request, long now) {
    HashValue hash = keys.read(request.getKey(), now, HashValue.class);
    return valueOf(hash == null ? null : hash.get(TypedKeys.key(request.getField())));
  }

  HMGetResponse hmget(HMGetRequest request, long now) {
    HashValue hash = keys.read(request.getKey(), now, HashValue.class);
    HMGetResponse.Builder response = HMGetResponse.newBuilder();
    for (ByteString field : request.getFieldsList()) {
      response.addValues(valueOf(hash == null ? null : hash.get(TypedKeys.key(field))));
    }
    return response.build();
  }

  HGetAllResponse hgetall(KeyRequest request, long now) {
    HashValue hash = keys.read(request.getKey(), now, HashValue.class);
    HGetAllResponse.Builder response = HGetAllResponse.newBuilder();
    if (hash != null) {
      List<Map.Entry<Key, byte[]>> fields = new ArrayList<>(hash.fields().entrySet());
      fields.sort(Map.Entry.comparingByKey());
      for (Map.Entry<Key, byte[]> f : fields) {
        response.addFields(FieldValue.newBuilder()
            .setField(ByteString.copyFrom(f.getKey().bytes()))
            .setValue(ByteString.copyFrom(f.getValue())));
      }
    }
    return response.build();
  }

  BoolResponse hexists(HGetRequest request, long now) {
    HashValue hash = keys.read(request.getKey(), now, HashValue.class);
    boolean exists = hash != null && hash.get(TypedKeys.key(request.getField())) != null;
    return BoolResponse.newBuilder().setValue(exists).build();
  }

  CountResponse hlen(KeyRequest request, long now) {
    HashValue hash = keys.read(request.getKey(), now, HashValue.class);
    return count(hash == null ? 0 : hash.size());
  }

  private static OptionalValue valueOf(byte[] value) {
    return value == null
        ? OptionalValue.getDefaultInstance()
        : OptionalValue.newBuilder().setFound(true).setValue(ByteString.copyFrom(value)).build();
  }

  static CountResponse count(long n) {
    return CountResponse.newBuilder().setCount(n).build();
  }
}
