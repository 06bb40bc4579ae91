package io.raftcache.client;

import io.raftcache.client.internal.Ttls;

import static io.raftcache.client.Codec.bytes;
import static io.raftcache.client.Codec.utf8List;

import io.raftcache.proto.v1.BoolResponse;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Hash commands, non-blocking: a key holding a map of fields to values. Fields and values are
 * strings (UTF-8). A command on a key of another type fails with {@link WrongTypeException}.
 */
public final class AsyncHashes {
  private final Calls calls;

  AsyncHashes(Calls calls) {
    this.calls = calls;
  }

  /** Sets the fields; completes with how many were new. */
  public CompletableFuture<Long> hset(String key, Map<String, String> fields) {
    return hset(key, fields, Duration.ZERO);
  }

  /**
   * Sets the fields and, in the same step, gives the key {@code ttl} (not in Redis's HSET; zero
   * keeps the key's TTL). Completes with how many fields were new.
   */
  public CompletableFuture<Long> hset(String key, Map<String, String> fields, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    long ttlMillis = ttl.isZero() ? 0 : Ttls.toMillis(ttl, "ttl");
    HSetRequest.Builder request = HSetRequest.newBuilder().setKey(bytes(key)).setTtlMs(ttlMillis);
    fields.forEach((f, v) -> request.addFields(FieldValue.newBuilder().setField(bytes(f)).setValue(bytes(v))));
    return calls.<CountResponse>write(h -> (stub, out) -> stub.hSet(request.setHeader(h).build(), out))
        .thenApply(CountResponse::getCount);
  }

  public CompletableFuture<Optional<String>> hget(String key, String field) {
    HGetRequest request = HGetRequest.newBuilder().setKey(bytes(key)).setField(bytes(field))
        .setRead(calls.readOptions()).build();
    return calls.<OptionalValue>read((stub, out) -> stub.hGet(request, out)).thenApply(AsyncHashes::valueOf);
  }

  /** The values of the fields, in order; empty where a field does not exist. */
  public CompletableFuture<List<Optional<String>>> hmget(String key, String... fields) {
    HMGetRequest request = HMGetRequest.newBuilder().setKey(bytes(key)).addAllFields(utf8List(fields))
        .setRead(calls.readOptions()).build();
    return calls.<HMGetResponse>read((stub, out) -> stub.hMGet(request, out))
        .thenApply(r -> r.getValuesList().stream().map(AsyncHashes::valueOf).toList());
  }

  /** Every field and value, ordered by field (UTF-8 bytes); empty if the key does not exist. */
  public CompletableFuture<Map<String, String>> hgetall(String key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(calls.readOptions()).build();
    return calls.<HGetAllResponse>read((stub, out) -> stub.hGetAll(request, out)).thenApply(r -> {
      Map<String, String> fields = new LinkedHashMap<>();
      r.getFieldsList().forEach(fv -> fields.put(fv.getField().toStringUtf8(), fv.getValue().toStringUtf8()));
      return fields;
    });
  }

  /** Deletes the fields; completes with how many existed. A hash left empty is deleted. */
  public CompletableFuture<Long> hdel(String key, String... fields) {
    HDelRequest.Builder request = HDelRequest.newBuilder().setKey(bytes(key)).addAllFields(utf8List(fields));
    return calls.<CountResponse>write(h -> (stub, out) -> stub.hDel(request.setHeader(h).build(), out))
        .thenApply(CountResponse::getCount);
  }

  public CompletableFuture<Boolean> hexists(String key, String field) {
    HGetRequest request = HGetRequest.newBuilder().setKey(bytes(key)).setField(bytes(field))
        .setRead(calls.readOptions()).build();
    return calls.<BoolResponse>read((stub, out) -> stub.hExists(request, out)).thenApply(BoolResponse::getValue);
  }

  /** The number of fields (0 if the key does not exist). */
  public CompletableFuture<Long> hlen(String key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(calls.readOptions()).build();
    return calls.<CountResponse>read((stub, out) -> stub.hLen(request, out)).thenApply(CountResponse::getCount);
  }

  /** Adds {@code delta} to the field's integer value (missing counts as 0); completes with the result. */
  public CompletableFuture<Long> hincrBy(String key, String field, long delta) {
    HIncrByRequest.Builder request = HIncrByRequest.newBuilder().setKey(bytes(key)).setField(bytes(field))
        .setDelta(delta);
    return calls.<IntegerResponse>write(h -> (stub, out) -> stub.hIncrBy(request.setHeader(h).build(), out))
        .thenApply(IntegerResponse::getValue);
  }

  private static Optional<String> valueOf(OptionalValue v) {
    return v.getFound() ? Optional.of(v.getValue().toStringUtf8()) : Optional.empty();
  }
}
