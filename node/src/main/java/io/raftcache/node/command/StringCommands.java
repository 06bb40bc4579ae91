package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.node.keyspace.StringValue;
import io.raftcache.node.config.Tunables;
import io.raftcache.proto.internal.AppendRequest;
import io.raftcache.proto.internal.DeadlineResponse;
import io.raftcache.proto.internal.IncrByFloatRequest;
import io.raftcache.proto.internal.GetExRequest;
import io.raftcache.proto.internal.KeyOnly;
import io.raftcache.proto.internal.SetRangeRequest;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.OptionalValue;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.DeleteResponse;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExistsResponse;
import io.raftcache.proto.v1.ExpireCondition;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.ExpireResponse;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.IntegerResponse;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MGetResponse;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.MSetResponse;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.PersistResponse;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.SetResponse;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;
import io.raftcache.proto.v1.TtlState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The string commands (GET, SET, DEL, INCRBY, EXPIRE...) over a keyspace. Every method takes the
 * time of the entry being applied, or of the read, as {@code now}; none reads a clock.
 * Requests arrive validated (sizes, TTL ranges), so only state-dependent failures are checked here.
 */
final class StringCommands {
  private final Keyspace keyspace;

  StringCommands(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  GetResponse get(GetRequest request, long now) {
    return get(request.getKey(), now);
  }

  MGetResponse mget(MGetRequest request, long now) {
    MGetResponse.Builder response = MGetResponse.newBuilder();
    for (ByteString key : request.getKeysList()) {
      // As in Redis, MGET answers "not found" for a key of another type rather than failing.
      Entry entry = keyspace.getLive(key(key), now);
      keyspace.stats().lookedUp(entry != null);
      boolean isString = entry != null && entry.value() instanceof StringValue;
      response.addValues(isString ? found(entry) : GetResponse.getDefaultInstance());
    }
    return response.build();
  }

  private GetResponse get(ByteString key, long now) {
    Entry entry = keyspace.getLive(key(key), now);
    keyspace.stats().lookedUp(entry != null);
    return entry == null ? GetResponse.getDefaultInstance() : found(entry);
  }

  private static GetResponse found(Entry entry) {
    return GetResponse.newBuilder()
        .setFound(true)
        // A stored value never changes (a SET stores a new array), so the reply may share it.
        .setValue(UnsafeByteOperations.unsafeWrap(TypedKeys.stringOf(entry)))
        .setVersion(entry.version())
        .build();
  }

  ExistsResponse exists(ExistsRequest request, long now) {
    long count = request.getKeysList().stream()
        .filter(k -> keyspace.getLive(key(k), now) != null)
        .count();
    return ExistsResponse.newBuilder().setCount(count).build();
  }

  TtlResponse ttl(TtlRequest request, long now) {
    Entry entry = keyspace.getLive(key(request.getKey()), now);
    if (entry == null) {
      return TtlResponse.newBuilder().setState(TtlState.TTL_STATE_KEY_MISSING).build();
    }
    if (!entry.hasExpiry()) {
      return TtlResponse.newBuilder().setState(TtlState.TTL_STATE_NO_EXPIRY).build();
    }
    return TtlResponse.newBuilder()
        .setState(TtlState.TTL_STATE_EXPIRES)
        .setRemainingMs(entry.expiresAtMillis() - now)
        .build();
  }

  SetResponse set(SetRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    SetResponse.Builder response = SetResponse.newBuilder();
    if (request.getReturnPrevious() && current != null) {
      response.setPreviousFound(true).setPreviousValue(ByteString.copyFrom(TypedKeys.stringOf(current)));
    }
    if (!conditionHolds(request, current)) {
      return response.setApplied(false).setVersion(current == null ? 0 : current.version()).build();
    }
    long version = keyspace.nextRevision();
    long expiresAt = request.getKeepTtl() && current != null ? current.expiresAtMillis()
        : request.getTtlMs() == 0 ? Entry.NO_EXPIRY : deadline(now, request.getTtlMs());
    keyspace.put(key, new Entry(request.getValue().toByteArray(), version, expiresAt));
    return response.setApplied(true).setVersion(version).build();
  }

  private static boolean conditionHolds(SetRequest request, Entry current) {
    return switch (request.getCondition()) {
      case SET_CONDITION_ALWAYS -> true;
      case SET_CONDITION_IF_ABSENT -> current == null;
      case SET_CONDITION_IF_PRESENT -> current != null;
      case SET_CONDITION_IF_VERSION -> current != null && current.version() == request.getIfVersion();
      case UNRECOGNIZED -> throw new CommandRejectedException(
          ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "condition: unknown value");
    };
  }

  /** APPEND: the value grows (a missing key starts empty); its TTL stays. */
  IntegerResponse append(AppendRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    byte[] before = current == null ? new byte[0] : TypedKeys.stringOf(current);
    long length = (long) before.length + request.getValue().size();
    checkLength(length);
    byte[] after = Arrays.copyOf(before, (int) length);
    request.getValue().copyTo(after, before.length);
    long expiresAt = current == null ? Entry.NO_EXPIRY : current.expiresAtMillis();
    keyspace.put(key, new Entry(after, keyspace.nextRevision(), expiresAt));
    return IntegerResponse.newBuilder().setValue(length).build();
  }

  private static void checkLength(long length) {
    if (length > Tunables.MAX_VALUE_BYTES_CEILING) {
      throw new CommandRejectedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
          "string exceeds maximum allowed size (" + Tunables.MAX_VALUE_BYTES_CEILING + " bytes)");
    }
  }

  /** MSETNX: every key set, with one version, only if none of them exists. */
  BoolResponse msetNx(MSetRequest request, long now) {
    for (KeyValue kv : request.getEntriesList()) {
      if (keyspace.getLive(key(kv.getKey()), now) != null) {
        return BoolResponse.newBuilder().setValue(false).build();
      }
    }
    mset(request);
    return BoolResponse.newBuilder().setValue(true).build();
  }

  /**
   * INCRBYFLOAT, computed as Redis computes it (in x87 long double, see {@link Decimals}) but
   * exactly, so every replica gets the same bytes; the TTL stays.
   */
  OptionalValue incrByFloat(IncrByFloatRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    BigDecimal before = current == null ? BigDecimal.ZERO : Decimals.parse(TypedKeys.stringOf(current));
    BigDecimal after = Decimals.add(before, request.getIncrement());
    byte[] value = Decimals.format(after).getBytes(StandardCharsets.US_ASCII);
    long expiresAt = current == null ? Entry.NO_EXPIRY : current.expiresAtMillis();
    keyspace.put(key, new Entry(value, keyspace.nextRevision(), expiresAt));
    return OptionalValue.newBuilder().setFound(true).setValue(ByteString.copyFrom(value)).build();
  }

  /** EXPIRETIME: the key's deadline as Unix milliseconds; -2 if missing, -1 if it has none. */
  DeadlineResponse deadline(KeyRequest request, long now) {
    Entry entry = keyspace.getLive(key(request.getKey()), now);
    long deadline = entry == null ? -2 : entry.hasExpiry() ? entry.expiresAtMillis() : -1;
    return DeadlineResponse.newBuilder().setExpiresAtMs(deadline).build();
  }

  /** GETDEL: the value, and the key removed; a key of another type is refused and kept. */
  GetResponse getDel(KeyOnly request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    if (current == null) {
      return GetResponse.getDefaultInstance();
    }
    GetResponse found = found(current);
    keyspace.remove(key);
    keyspace.nextRevision();
    return found;
  }

  /** FLUSHALL: every key removed, expired ones too; answers how many were live. */
  CountResponse flushAll(long now) {
    List<Key> all = new ArrayList<>();
    long[] live = {0};
    keyspace.forEach((key, entry) -> {
      all.add(key);
      if (!entry.isExpiredAt(now)) {
        live[0]++;
      }
    });
    all.forEach(keyspace::remove);
    if (!all.isEmpty()) {
      keyspace.nextRevision();
    }
    return CountResponse.newBuilder().setCount(live[0]).build();
  }

  MSetResponse mset(MSetRequest request) {
    long version = keyspace.nextRevision();
    for (KeyValue kv : request.getEntriesList()) {
      keyspace.put(key(kv.getKey()), new Entry(kv.getValue().toByteArray(), version, Entry.NO_EXPIRY));
    }
    return MSetResponse.newBuilder().setVersion(version).build();
  }

  DeleteResponse delete(DeleteRequest request, long now) {
    long deleted = 0;
    boolean removedAny = false;
    for (ByteString k : request.getKeysList()) {
      Key key = key(k);
      boolean live = keyspace.getLive(key, now) != null;
      // An expired key is removed too, but it did not exist for the caller.
      boolean removed = keyspace.remove(key);
      removedAny |= removed;
      if (removed && live) {
        deleted++;
      }
    }
    if (removedAny) {
      keyspace.nextRevision();
    }
    return DeleteResponse.newBuilder().setDeleted(deleted).build();
  }

  IncrByResponse incrBy(IncrByRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    long before = current == null ? 0 : DecimalIntegers.parse(TypedKeys.stringOf(current));
    long after = DecimalIntegers.add(before, request.getDelta());
    long expiresAt = current == null ? Entry.NO_EXPIRY : current.expiresAtMillis();
    keyspace.put(key, new Entry(DecimalIntegers.format(after), keyspace.nextRevision(), expiresAt));
    return IncrByResponse.newBuilder().setValue(after).build();
  }

  ExpireResponse expire(ExpireRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    long deadline = request.getExpireNow() ? now : deadline(now, request.getTtlMs());
    if (current == null || !expiryConditionHolds(request.getCondition(), current, deadline)) {
      return ExpireResponse.newBuilder().setApplied(false).build();
    }
    if (request.getExpireNow()) {
      keyspace.remove(key);
      keyspace.nextRevision();
    } else {
      keyspace.put(key, current.withExpiry(deadline, keyspace.nextRevision()));
    }
    return ExpireResponse.newBuilder().setApplied(true).build();
  }

  /** Redis's EXPIRE NX / XX / GT / LT; a key without a TTL counts as never expiring. */
  private static boolean expiryConditionHolds(ExpireCondition condition, Entry current, long deadline) {
    return switch (condition) {
      case EXPIRE_CONDITION_ALWAYS -> true;
      case EXPIRE_CONDITION_IF_NO_TTL -> !current.hasExpiry();
      case EXPIRE_CONDITION_IF_TTL -> current.hasExpiry();
      case EXPIRE_CONDITION_IF_LATER -> current.hasExpiry() && deadline > current.expiresAtMillis();
      case EXPIRE_CONDITION_IF_EARLIER -> !current.hasExpiry() || deadline < current.expiresAtMillis();
      case EXPIRE_CONDITION_IF_TTL_AND_EARLIER -> current.hasExpiry() && deadline < current.expiresAtMillis();
      case UNRECOGNIZED -> throw new CommandRejectedException(
          ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "condition: unknown value");
    };
  }

  /** SETRANGE: the value written at the offset, zero bytes padding up to it; the TTL stays. */
  IntegerResponse setRange(SetRangeRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    byte[] before = current == null ? new byte[0] : TypedKeys.stringOf(current);
    if (request.getValue().isEmpty()) {
      return IntegerResponse.newBuilder().setValue(before.length).build(); // nothing written, as in Redis
    }
    checkLength(Math.min(Tunables.MAX_VALUE_BYTES_CEILING + 1L, request.getOffset()) + request.getValue().size());
    long end = request.getOffset() + request.getValue().size();
    byte[] after = Arrays.copyOf(before, (int) Math.max(end, before.length));
    request.getValue().copyTo(after, (int) request.getOffset());
    long expiresAt = current == null ? Entry.NO_EXPIRY : current.expiresAtMillis();
    keyspace.put(key, new Entry(after, keyspace.nextRevision(), expiresAt));
    return IntegerResponse.newBuilder().setValue(after.length).build();
  }

  /** GETEX with an option: the value, then the key's TTL set, removed, or the key deleted. */
  GetResponse getEx(GetExRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    if (current == null) {
      return GetResponse.getDefaultInstance();
    }
    GetResponse found = found(current);
    switch (request.getExpiryCase()) {
      case TTL_MS -> keyspace.put(key, current.withExpiry(deadline(now, request.getTtlMs()), keyspace.nextRevision()));
      case PERSIST -> {
        if (current.hasExpiry()) {
          keyspace.put(key, current.withExpiry(Entry.NO_EXPIRY, keyspace.nextRevision()));
        }
      }
      case EXPIRE_NOW -> {
        keyspace.remove(key);
        keyspace.nextRevision();
      }
      case EXPIRY_NOT_SET -> { }
    }
    return found;
  }

  PersistResponse persist(PersistRequest request, long now) {
    Key key = key(request.getKey());
    Entry current = keyspace.getLive(key, now);
    if (current == null || !current.hasExpiry()) {
      return PersistResponse.newBuilder().setApplied(false).build();
    }
    keyspace.put(key, current.withExpiry(Entry.NO_EXPIRY, keyspace.nextRevision()));
    return PersistResponse.newBuilder().setApplied(true).build();
  }

  private static long deadline(long now, long ttlMillis) {
    return Deadlines.after(now, ttlMillis);
  }

  private static Key key(ByteString bytes) {
    return TypedKeys.key(bytes);
  }
}
