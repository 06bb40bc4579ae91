package io.raftcache.client;

import io.raftcache.client.internal.Ttls;

import static io.raftcache.client.Codec.bytes;
import static io.raftcache.client.Codec.bytesList;
import static io.raftcache.client.Codec.string;
import static io.raftcache.client.Codec.utf8;

import com.google.protobuf.ByteString;
import io.raftcache.client.internal.Caller;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.DeleteResponse;
import io.raftcache.proto.v1.ExistsResponse;
import io.raftcache.proto.v1.ExpireResponse;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.MGetResponse;
import io.raftcache.proto.v1.MSetResponse;
import io.raftcache.proto.v1.PersistResponse;
import io.raftcache.proto.v1.SetResponse;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScanResponse;
import io.raftcache.proto.v1.TypeResponse;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.ReadOptions;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;
import io.raftcache.proto.v1.WriteHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The non-blocking view of a {@link CacheClient}: every method returns at once with a future.
 * Futures fail with the {@link CacheException} subclasses described on {@link CacheClient}.
 * Strings are encoded as UTF-8.
 *
 * <p>Reads are linearizable unless this view came from {@link CacheClient#withStaleReads()}.
 * Writes are acknowledged after a majority has them in its fsync'd log; the SDK retries them
 * across failovers and the cluster applies each at most once.
 */
public final class AsyncCacheClient {
  private final Calls calls;
  private final ReadOptions readOptions;
  private final AsyncHashes hashes;
  private final AsyncSets sets;
  private final AsyncSortedSets sortedSets;

  AsyncCacheClient(ClientCore core, Duration timeout, ReadOptions reads) {
    this.calls = new Calls(core, timeout, reads);
    this.readOptions = calls.readOptions();
    this.hashes = new AsyncHashes(calls);
    this.sets = new AsyncSets(calls);
    this.sortedSets = new AsyncSortedSets(calls);
  }

  /** Hash commands (HSET, HGET...). */
  public AsyncHashes hashes() {
    return hashes;
  }

  /** Set commands (SADD, SMEMBERS...). */
  public AsyncSets sets() {
    return sets;
  }

  /** Sorted set commands (ZADD, ZRANGE...). */
  public AsyncSortedSets sortedSets() {
    return sortedSets;
  }

  // ---- reads

  /** The value of {@code key}, or empty if it does not exist or has expired. */
  public CompletableFuture<Optional<byte[]>> get(byte[] key) {
    return getEntry(key).thenApply(e -> e.map(CacheEntry::value));
  }

  public CompletableFuture<Optional<String>> get(String key) {
    return get(utf8(key)).thenApply(v -> v.map(Codec::string));
  }

  /** The value of {@code key} with its version, for a later compare-and-set. */
  public CompletableFuture<Optional<CacheEntry>> getEntry(byte[] key) {
    GetRequest request = GetRequest.newBuilder().setKey(bytes(key)).setRead(readOptions).build();
    return this.<GetResponse>read((stub, out) -> stub.get(request, out)).thenApply(AsyncCacheClient::entryOf);
  }

  public CompletableFuture<Optional<CacheEntry>> getEntry(String key) {
    return getEntry(utf8(key));
  }

  /** The values of several keys, in order, all read at one point of the log. */
  public CompletableFuture<List<Optional<byte[]>>> mget(byte[]... keys) {
    MGetRequest request = MGetRequest.newBuilder().addAllKeys(bytesList(keys)).setRead(readOptions).build();
    return this.<MGetResponse>read((stub, out) -> stub.mGet(request, out))
        .thenApply(r -> r.getValuesList().stream().map(v -> entryOf(v).map(CacheEntry::value)).toList());
  }

  public CompletableFuture<List<Optional<String>>> mget(String... keys) {
    return mget(utf8(keys)).thenApply(values -> values.stream().map(v -> v.map(Codec::string)).toList());
  }

  /** How many of the keys exist; a key named twice counts twice. */
  public CompletableFuture<Long> exists(byte[]... keys) {
    ExistsRequest request = ExistsRequest.newBuilder().addAllKeys(bytesList(keys)).setRead(readOptions).build();
    return this.<ExistsResponse>read((stub, out) -> stub.exists(request, out)).thenApply(r -> r.getCount());
  }

  public CompletableFuture<Long> exists(String... keys) {
    return exists(utf8(keys));
  }

  /** The time {@code key} has left. */
  public CompletableFuture<KeyTtl> ttl(byte[] key) {
    TtlRequest request = TtlRequest.newBuilder().setKey(bytes(key)).setRead(readOptions).build();
    return this.<TtlResponse>read((stub, out) -> stub.ttl(request, out)).thenApply(AsyncCacheClient::ttlOf);
  }

  public CompletableFuture<KeyTtl> ttl(String key) {
    return ttl(utf8(key));
  }

  /** The type of value {@code key} holds. */
  public CompletableFuture<KeyType> type(byte[] key) {
    KeyRequest request = KeyRequest.newBuilder().setKey(bytes(key)).setRead(readOptions).build();
    return this.<TypeResponse>read((stub, out) -> stub.type(request, out)).thenApply(r -> switch (r.getType()) {
      case VALUE_TYPE_STRING -> KeyType.STRING;
      case VALUE_TYPE_HASH -> KeyType.HASH;
      case VALUE_TYPE_SET -> KeyType.SET;
      case VALUE_TYPE_ZSET -> KeyType.ZSET;
      case VALUE_TYPE_LIST -> KeyType.LIST;
      default -> KeyType.NONE;
    });
  }

  public CompletableFuture<KeyType> type(String key) {
    return type(utf8(key));
  }

  /**
   * One page of a scan over the keys: pass a null {@code cursor} to start, then each page's cursor.
   * The node examines at most {@code count} keys per call (1..1000), so a call stays cheap however
   * large the keyspace; {@code match} is a glob such as {@code "user:*"} (null or empty for all).
   */
  public CompletableFuture<ScanPage> scan(byte[] cursor, String match, int count) {
    if (count < 1 || count > 1000) {
      throw new IllegalArgumentException("count must be between 1 and 1000, not " + count);
    }
    ScanRequest.Builder request = ScanRequest.newBuilder()
        .setMatch(match == null ? "" : match)
        .setCount(count)
        .setRead(readOptions);
    if (cursor != null) {
      request.setCursor(bytes(cursor));
    }
    ScanRequest built = request.build();
    return this.<ScanResponse>read((stub, out) -> stub.scan(built, out)).thenApply(r -> new ScanPage(
        Codec.strings(r.getKeysList()),
        r.getNextCursor().isEmpty() ? null : r.getNextCursor().toByteArray()));
  }

  // ---- writes

  public CompletableFuture<SetResult> set(byte[] key, byte[] value) {
    return set(key, value, SetOptions.none());
  }

  /** Sets {@code key}, subject to {@code options}: a TTL, a condition, returning the old value. */
  public CompletableFuture<SetResult> set(byte[] key, byte[] value, SetOptions options) {
    Objects.requireNonNull(options, "options");
    SetRequest.Builder request = SetRequest.newBuilder()
        .setKey(bytes(key))
        .setValue(bytes(value))
        .setTtlMs(options.ttl().toMillis())
        .setCondition(conditionOf(options))
        .setIfVersion(options.ifVersion())
        .setReturnPrevious(options.isReturnPrevious());
    return this.<SetResponse>write(header -> (stub, out) -> stub.set(request.setHeader(header).build(), out))
        .thenApply(r -> new SetResult(r.getApplied(), r.getVersion(),
            r.getPreviousFound() ? Optional.of(r.getPreviousValue().toByteArray()) : Optional.empty()));
  }

  public CompletableFuture<SetResult> set(String key, String value) {
    return set(utf8(key), utf8(value));
  }

  public CompletableFuture<SetResult> set(String key, String value, SetOptions options) {
    return set(utf8(key), utf8(value), options);
  }

  /** Sets every pair atomically (all or none, one version for all); removes their TTLs. */
  public CompletableFuture<Long> mset(Map<String, String> values) {
    MSetRequest.Builder request = MSetRequest.newBuilder();
    values.forEach((k, v) -> request.addEntries(KeyValue.newBuilder().setKey(bytes(utf8(k))).setValue(bytes(utf8(v)))));
    return mset(request);
  }

  /** {@link #mset} for byte keys and values, set in the map's iteration order. */
  public CompletableFuture<Long> msetBytes(Map<byte[], byte[]> values) {
    MSetRequest.Builder request = MSetRequest.newBuilder();
    values.forEach((k, v) -> request.addEntries(KeyValue.newBuilder().setKey(bytes(k)).setValue(bytes(v))));
    return mset(request);
  }

  private CompletableFuture<Long> mset(MSetRequest.Builder request) {
    return this.<MSetResponse>write(header -> (stub, out) -> stub.mSet(request.setHeader(header).build(), out))
        .thenApply(r -> r.getVersion());
  }

  /** Deletes the keys; completes with how many existed. */
  public CompletableFuture<Long> del(byte[]... keys) {
    DeleteRequest.Builder request = DeleteRequest.newBuilder().addAllKeys(bytesList(keys));
    return this.<DeleteResponse>write(header -> (stub, out) -> stub.delete(request.setHeader(header).build(), out))
        .thenApply(r -> r.getDeleted());
  }

  public CompletableFuture<Long> del(String... keys) {
    return del(utf8(keys));
  }

  /**
   * Adds {@code delta} to the integer value of {@code key} (missing counts as 0; the TTL is kept)
   * and completes with the new value. Fails with {@link NotAnIntegerException} or
   * {@link IntegerOverflowException}, changing nothing.
   */
  public CompletableFuture<Long> incrBy(byte[] key, long delta) {
    IncrByRequest.Builder request = IncrByRequest.newBuilder().setKey(bytes(key)).setDelta(delta);
    return this.<IncrByResponse>write(header -> (stub, out) -> stub.incrBy(request.setHeader(header).build(), out))
        .thenApply(r -> r.getValue());
  }

  public CompletableFuture<Long> incrBy(String key, long delta) {
    return incrBy(utf8(key), delta);
  }

  public CompletableFuture<Long> incr(byte[] key) {
    return incrBy(key, 1);
  }

  public CompletableFuture<Long> incr(String key) {
    return incr(utf8(key));
  }

  /** Subtracts {@code delta} (above {@link Long#MIN_VALUE}, which has no negation): {@link #incrBy} of -delta. */
  public CompletableFuture<Long> decrBy(byte[] key, long delta) {
    if (delta == Long.MIN_VALUE) {
      throw new IllegalArgumentException("decrBy cannot subtract " + Long.MIN_VALUE + "; use incrBy");
    }
    return incrBy(key, -delta);
  }

  public CompletableFuture<Long> decrBy(String key, long delta) {
    return decrBy(utf8(key), delta);
  }

  /** Gives an existing key a TTL (1 ms to 3650 days); completes with false if the key does not exist. */
  public CompletableFuture<Boolean> expire(byte[] key, Duration ttl) {
    ExpireRequest.Builder request = ExpireRequest.newBuilder().setKey(bytes(key)).setTtlMs(Ttls.toMillis(ttl, "ttl"));
    return this.<ExpireResponse>write(header -> (stub, out) -> stub.expire(request.setHeader(header).build(), out))
        .thenApply(r -> r.getApplied());
  }

  public CompletableFuture<Boolean> expire(String key, Duration ttl) {
    return expire(utf8(key), ttl);
  }

  /** Removes a key's TTL; completes with false if the key does not exist or had none. */
  public CompletableFuture<Boolean> persist(byte[] key) {
    PersistRequest.Builder request = PersistRequest.newBuilder().setKey(bytes(key));
    return this.<PersistResponse>write(header -> (stub, out) -> stub.persist(request.setHeader(header).build(), out))
        .thenApply(r -> r.getApplied());
  }

  public CompletableFuture<Boolean> persist(String key) {
    return persist(utf8(key));
  }

  // ---- plumbing

  private <T> CompletableFuture<T> read(Caller.Rpc<T> rpc) {
    return calls.read(rpc);
  }

  private <T> CompletableFuture<T> write(Function<WriteHeader, Caller.Rpc<T>> withHeader) {
    return calls.write(withHeader);
  }

  private static SetCondition conditionOf(SetOptions options) {
    return switch (options.condition()) {
      case ALWAYS -> SetCondition.SET_CONDITION_ALWAYS;
      case IF_ABSENT -> SetCondition.SET_CONDITION_IF_ABSENT;
      case IF_PRESENT -> SetCondition.SET_CONDITION_IF_PRESENT;
      case IF_VERSION -> SetCondition.SET_CONDITION_IF_VERSION;
    };
  }

  private static Optional<CacheEntry> entryOf(GetResponse r) {
    return r.getFound() ? Optional.of(new CacheEntry(r.getValue().toByteArray(), r.getVersion())) : Optional.empty();
  }

  private static KeyTtl ttlOf(TtlResponse r) {
    return switch (r.getState()) {
      case TTL_STATE_NO_EXPIRY -> new KeyTtl(KeyTtl.State.NO_EXPIRY, Duration.ZERO);
      case TTL_STATE_EXPIRES -> new KeyTtl(KeyTtl.State.EXPIRES, Duration.ofMillis(r.getRemainingMs()));
      default -> new KeyTtl(KeyTtl.State.MISSING, Duration.ZERO);
    };
  }
}
