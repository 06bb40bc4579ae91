package io.raftcache.node.resp;

import com.google.protobuf.Message;
import io.raftcache.node.command.Command;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.internal.AppendRequest;
import io.raftcache.proto.internal.FlushAll;
import io.raftcache.proto.internal.GetExRequest;
import io.raftcache.proto.internal.RenameRequest;
import io.raftcache.proto.internal.SetRangeRequest;
import io.raftcache.proto.internal.HSetNxRequest;
import io.raftcache.proto.internal.IncrByFloatRequest;
import io.raftcache.proto.internal.KeyOnly;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExpireCondition;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.FieldValue;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HMGetRequest;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.OptionalValue;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;
import io.raftcache.proto.v1.TtlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Redis syntax of the string, key and hash commands: each row parses Redis's arguments into a
 * request of the command table, runs it through {@link RespNode#execute}, and shapes the result as
 * Redis replies. Sets and sorted sets are in {@link CollectionCommands}.
 */
final class DataCommands {
  static final List<String> READ = List.of("readonly", "fast");
  static final List<String> WRITE = List.of("write", "denyoom");
  private static final Map<ErrorCode, String> NO_OVERRIDES = Map.of();

  private DataCommands() {}

  static List<RespCommand> all() {
    List<RespCommand> rows = new ArrayList<>(List.of(
        read("get", 2, 1, 1, c -> run(c, CommandTable.GET, GetRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.bulkOrNull(r.getFound(), r.getValue()))),
        read("strlen", 2, 1, 1, c -> run(c, CommandTable.GET, GetRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.integer(r.getValue().size()))),
        read("getrange", 4, 1, 1, DataCommands::getrange),
        read("mget", -2, 1, -1, c -> run(c, CommandTable.MGET, MGetRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build(),
            r -> Reply.array(r.getValuesList().stream().map(v -> Reply.bulkOrNull(v.getFound(), v.getValue())).toList()))),
        read("exists", -2, 1, -1, c -> run(c, CommandTable.EXISTS,
            ExistsRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build(), r -> Reply.integer(r.getCount()))),
        read("ttl", 2, 1, 1, c -> ttl(c, r -> (r.getRemainingMs() + 500) / 1000)),
        read("pttl", 2, 1, 1, c -> ttl(c, TtlResponse::getRemainingMs)),
        read("type", 2, 1, 1, c -> run(c, CommandTable.TYPE, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> new Reply.Simple(typeName(r.getType())))),
        read("scan", -2, 0, 0, KeyScan::scan),
        read("keys", 2, 0, 0, c -> run(c, CommandTable.KEYS, ScanRequest.newBuilder().setMatch(c.text(1)).build(),
            r -> Reply.bulks(r.getKeysList()))),
        write("flushall", -1, 0, 0, DataCommands::flushAll),
        write("flushdb", -1, 0, 0, DataCommands::flushAll),
        write("append", 3, 1, 1, c -> run(c, CommandTable.APPEND,
            AppendRequest.newBuilder().setKey(c.bytes(1)).setValue(c.bytes(2)).build(), r -> Reply.integer(r.getValue()))),
        write("getdel", 2, 1, 1, c -> run(c, CommandTable.GETDEL, KeyOnly.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.bulkOrNull(r.getFound(), r.getValue()))),
        write("set", -3, 1, 1, DataCommands::set),
        write("setnx", 3, 1, 1, c -> run(c, CommandTable.SET, setRequest(c).setCondition(SetCondition.SET_CONDITION_IF_ABSENT).build(),
            r -> Reply.integer(r.getApplied() ? 1 : 0))),
        write("setex", 4, 1, 1, c -> setWithTtl(c, c.integer(2), 1000)),
        write("psetex", 4, 1, 1, c -> setWithTtl(c, c.integer(2), 1)),
        write("getset", 3, 1, 1, c -> run(c, CommandTable.SET, setRequest(c).setReturnPrevious(true).build(),
            r -> Reply.bulkOrNull(r.getPreviousFound(), r.getPreviousValue()))),
        // A key, then its value: every other word is a key.
        new RespCommand("mset", -3, WRITE, 1, -1, 2, DataCommands::mset),
        new RespCommand("msetnx", -3, WRITE, 1, -1, 2, c -> run(c, CommandTable.MSETNX, msetRequest(c),
            r -> Reply.integer(r.getValue() ? 1 : 0))),
        write("incrbyfloat", 3, 1, 1, c -> run(c, CommandTable.INCRBYFLOAT, IncrByFloatRequest.newBuilder()
            .setKey(c.bytes(1)).setIncrement(c.text(2)).build(), r -> Reply.bulk(r.getValue()))),
        read("expiretime", 2, 1, 1, c -> run(c, CommandTable.EXPIRETIME, KeyRequest.newBuilder().setKey(c.bytes(1))
            .build(), r -> Reply.integer(r.getExpiresAtMs() < 0 ? r.getExpiresAtMs() : r.getExpiresAtMs() / 1000))),
        read("pexpiretime", 2, 1, 1, c -> run(c, CommandTable.EXPIRETIME, KeyRequest.newBuilder().setKey(c.bytes(1))
            .build(), r -> Reply.integer(r.getExpiresAtMs()))),
        write("del", -2, 1, -1, DataCommands::del),
        write("unlink", -2, 1, -1, DataCommands::del),
        write("incr", 2, 1, 1, c -> incrBy(c, 1)),
        write("decr", 2, 1, 1, c -> incrBy(c, -1)),
        write("incrby", 3, 1, 1, c -> incrBy(c, c.integer(2))),
        write("decrby", 3, 1, 1, c -> {
          long delta = c.integer(2);
          if (delta == Long.MIN_VALUE) {
            throw new RespException("ERR decrement would overflow");
          }
          return incrBy(c, -delta);
        }),
        write("expire", -3, 1, 1, c -> expire(c, 1000, false)),
        write("pexpire", -3, 1, 1, c -> expire(c, 1, false)),
        write("expireat", -3, 1, 1, c -> expire(c, 1000, true)),
        write("pexpireat", -3, 1, 1, c -> expire(c, 1, true)),
        write("rename", 3, 1, 2, c -> rename(c, false)),
        write("renamenx", 3, 1, 2, c -> rename(c, true)),
        write("setrange", 4, 1, 1, DataCommands::setRange),
        write("getex", -2, 1, 1, DataCommands::getEx),
        write("persist", 2, 1, 1, c -> run(c, CommandTable.PERSIST, PersistRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.integer(r.getApplied() ? 1 : 0))),
        // ---- hashes
        write("hset", -4, 1, 1, c -> hset(c, r -> Reply.integer(r.getCount()))),
        write("hmset", -4, 1, 1, c -> hset(c, r -> Reply.OK)),
        write("hsetnx", 4, 1, 1, c -> run(c, CommandTable.HSETNX, HSetNxRequest.newBuilder().setKey(c.bytes(1))
            .setField(c.bytes(2)).setValue(c.bytes(3)).build(), r -> Reply.integer(r.getValue() ? 1 : 0))),
        read("hget", 3, 1, 1, c -> run(c, CommandTable.HGET,
            HGetRequest.newBuilder().setKey(c.bytes(1)).setField(c.bytes(2)).build(), DataCommands::optional)),
        read("hmget", -3, 1, 1, c -> run(c, CommandTable.HMGET,
            HMGetRequest.newBuilder().setKey(c.bytes(1)).addAllFields(c.bytesFrom(2)).build(),
            r -> Reply.array(r.getValuesList().stream().map(DataCommands::optional).toList()))),
        read("hgetall", 2, 1, 1, c -> run(c, CommandTable.HGETALL, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> new Reply.MapReply(r.getFieldsList().stream()
                .flatMap(f -> java.util.stream.Stream.of(Reply.bulk(f.getField()), Reply.bulk(f.getValue()))).toList()))),
        read("hscan", -3, 1, 1, c -> {
          KeyScan.checkCollectionCursor(c);
          return run(c, CommandTable.HGETALL, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
              r -> KeyScan.collectionPage(c, r.getFieldsList().stream().flatMap(f -> java.util.stream.Stream.<Reply>of(
                  Reply.bulk(f.getField()), Reply.bulk(f.getValue()))).toList(), 2));
        }),
        read("hkeys", 2, 1, 1, c -> run(c, CommandTable.HGETALL, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.array(r.getFieldsList().stream().map(f -> Reply.bulk(f.getField())).toList()))),
        read("hvals", 2, 1, 1, c -> run(c, CommandTable.HGETALL, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.array(r.getFieldsList().stream().map(f -> Reply.bulk(f.getValue())).toList()))),
        read("hstrlen", 3, 1, 1, c -> run(c, CommandTable.HGET,
            HGetRequest.newBuilder().setKey(c.bytes(1)).setField(c.bytes(2)).build(),
            r -> Reply.integer(r.getValue().size()))),
        write("hdel", -3, 1, 1, c -> run(c, CommandTable.HDEL,
            HDelRequest.newBuilder().setKey(c.bytes(1)).addAllFields(c.bytesFrom(2)).build(),
            r -> Reply.integer(r.getCount()))),
        read("hexists", 3, 1, 1, c -> run(c, CommandTable.HEXISTS,
            HGetRequest.newBuilder().setKey(c.bytes(1)).setField(c.bytes(2)).build(),
            r -> Reply.integer(r.getValue() ? 1 : 0))),
        read("hlen", 2, 1, 1, c -> run(c, CommandTable.HLEN, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.integer(r.getCount()))),
        write("hincrby", 4, 1, 1, c -> run(c, CommandTable.HINCRBY,
            HIncrByRequest.newBuilder().setKey(c.bytes(1)).setField(c.bytes(2)).setDelta(c.integer(3)).build(),
            r -> Reply.integer(r.getValue()),
            Map.of(ErrorCode.ERROR_CODE_NOT_AN_INTEGER, "ERR hash value is not an integer")))));
    rows.addAll(CollectionCommands.all());
    rows.addAll(ListCommands.all());
    return rows;
  }

  static RespCommand read(String name, int arity, int firstKey, int lastKey, RespCommand.Handler handler) {
    return new RespCommand(name, arity, READ, firstKey, lastKey, firstKey == 0 ? 0 : 1, handler);
  }

  static RespCommand write(String name, int arity, int firstKey, int lastKey, RespCommand.Handler handler) {
    return new RespCommand(name, arity, WRITE, firstKey, lastKey, 1, handler);
  }

  static <Q extends Message, R extends Message> CompletableFuture<Reply> run(Call call, Command<Q, R> command,
      Q request, Function<R, Reply> reply) {
    return call.node.execute(call, command, request, reply, NO_OVERRIDES);
  }

  static <Q extends Message, R extends Message> CompletableFuture<Reply> run(Call call, Command<Q, R> command,
      Q request, Function<R, Reply> reply, Map<ErrorCode, String> errors) {
    return call.node.execute(call, command, request, reply, errors);
  }

  private static CompletableFuture<Reply> ttl(Call c, Function<TtlResponse, Long> remaining) {
    return run(c, CommandTable.TTL, TtlRequest.newBuilder().setKey(c.bytes(1)).build(), r -> Reply.integer(
        r.getState() == TtlState.TTL_STATE_KEY_MISSING ? -2
            : r.getState() == TtlState.TTL_STATE_NO_EXPIRY ? -1 : remaining.apply(r)));
  }

  /** The type TYPE names {@code name} (any case), or null for a name it never answers. */
  static io.raftcache.proto.v1.ValueType typeNamed(String name) {
    for (io.raftcache.proto.v1.ValueType type : io.raftcache.proto.v1.ValueType.values()) {
      if (type != io.raftcache.proto.v1.ValueType.UNRECOGNIZED && type != io.raftcache.proto.v1.ValueType.VALUE_TYPE_NONE
          && typeName(type).equalsIgnoreCase(name)) {
        return type;
      }
    }
    return null;
  }

  private static String typeName(io.raftcache.proto.v1.ValueType type) {
    return switch (type) {
      case VALUE_TYPE_STRING -> "string";
      case VALUE_TYPE_HASH -> "hash";
      case VALUE_TYPE_SET -> "set";
      case VALUE_TYPE_ZSET -> "zset";
      case VALUE_TYPE_LIST -> "list";
      default -> "none";
    };
  }

  private static SetRequest.Builder setRequest(Call c) {
    return SetRequest.newBuilder().setKey(c.bytes(1)).setValue(c.bytes(2));
  }

  /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL] */
  private static CompletableFuture<Reply> set(Call c) {
    SetRequest.Builder request = setRequest(c);
    boolean get = false;
    boolean expirySet = false;
    for (int i = 3; i < c.size(); i++) {
      String option = c.word(i);
      boolean hasValue = i + 1 < c.size();
      switch (option) {
        case "NX", "XX" -> {
          if (request.getCondition() != SetCondition.SET_CONDITION_ALWAYS) {
            throw RespException.syntax();
          }
          request.setCondition(option.equals("NX") ? SetCondition.SET_CONDITION_IF_ABSENT
              : SetCondition.SET_CONDITION_IF_PRESENT);
        }
        case "GET" -> get = true;
        case "KEEPTTL" -> {
          if (expirySet) {
            throw RespException.syntax();
          }
          expirySet = true;
          request.setKeepTtl(true);
        }
        case "EX", "PX", "EXAT", "PXAT" -> {
          if (expirySet || !hasValue) {
            throw RespException.syntax();
          }
          expirySet = true;
          long amount = c.integer(++i);
          long unitMillis = option.startsWith("P") ? 1 : 1000;
          if (amount <= 0 || amount > Long.MAX_VALUE / unitMillis) {
            throw new RespException("ERR invalid expire time in 'set' command");
          }
          long millis = amount * unitMillis;
          // An absolute time becomes a TTL by this node's clock; one already past expires at once.
          request.setTtlMs(option.endsWith("AT") ? Math.max(1, millis - System.currentTimeMillis()) : millis);
        }
        default -> throw RespException.syntax();
      }
    }
    boolean answerPrevious = get;
    request.setReturnPrevious(get);
    return run(c, CommandTable.SET, request.build(), r -> answerPrevious
        ? Reply.bulkOrNull(r.getPreviousFound(), r.getPreviousValue())
        : r.getApplied() ? Reply.OK : Reply.NULL);
  }

  /** GETRANGE key start end, with Redis's treatment of negative and out-of-range offsets. */
  private static CompletableFuture<Reply> getrange(Call c) {
    long start = c.integer(2);
    long end = c.integer(3);
    return run(c, CommandTable.GET, GetRequest.newBuilder().setKey(c.bytes(1)).build(), r -> {
      long length = r.getValue().size();
      if (start < 0 && end < 0 && start > end) {
        return Reply.bulk("");
      }
      long from = Math.max(start < 0 ? length + start : start, 0);
      long to = Math.min(Math.max(end < 0 ? length + end : end, 0), length - 1);
      return length == 0 || from > to ? Reply.bulk("") : Reply.bulk(r.getValue().substring((int) from, (int) to + 1));
    });
  }

  /** FLUSHALL / FLUSHDB [ASYNC | SYNC]: one replicated entry either way. */
  private static CompletableFuture<Reply> flushAll(Call c) {
    if (c.size() > 2 || (c.size() == 2 && !c.word(1).equals("ASYNC") && !c.word(1).equals("SYNC"))) {
      throw RespException.syntax();
    }
    return run(c, CommandTable.FLUSHALL, FlushAll.getDefaultInstance(), r -> Reply.OK);
  }

  private static CompletableFuture<Reply> setWithTtl(Call c, long amount, long unitMillis) {
    if (amount <= 0 || amount > Long.MAX_VALUE / unitMillis) {
      throw new RespException("ERR invalid expire time in '" + c.name() + "' command");
    }
    SetRequest request = SetRequest.newBuilder().setKey(c.bytes(1)).setValue(c.bytes(3))
        .setTtlMs(amount * unitMillis).build();
    return run(c, CommandTable.SET, request, r -> Reply.OK);
  }

  private static CompletableFuture<Reply> mset(Call c) {
    return run(c, CommandTable.MSET, msetRequest(c), r -> Reply.OK);
  }

  private static MSetRequest msetRequest(Call c) {
    c.requirePairsFrom(1);
    MSetRequest.Builder request = MSetRequest.newBuilder();
    for (int i = 1; i < c.size(); i += 2) {
      request.addEntries(KeyValue.newBuilder().setKey(c.bytes(i)).setValue(c.bytes(i + 1)));
    }
    return request.build();
  }

  private static CompletableFuture<Reply> del(Call c) {
    return run(c, CommandTable.DELETE, DeleteRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build(),
        r -> Reply.integer(r.getDeleted()));
  }

  private static CompletableFuture<Reply> incrBy(Call c, long delta) {
    return run(c, CommandTable.INCRBY, IncrByRequest.newBuilder().setKey(c.bytes(1)).setDelta(delta).build(),
        r -> Reply.integer(r.getValue()));
  }

  /** EXPIRE key time [NX | XX | GT | LT] and its kin; a time already past deletes the key, as in Redis. */
  private static CompletableFuture<Reply> expire(Call c, long unitMillis, boolean absolute) {
    ExpireCondition condition = expireCondition(c);
    long amount = c.integer(2); // after the options, in Redis's order of checks
    long ttlMillis = absolute ? Expiry.absolute(amount, unitMillis, c.name()) : Expiry.relative(amount, unitMillis, c.name());
    ExpireRequest.Builder request = ExpireRequest.newBuilder().setKey(c.bytes(1)).setCondition(condition);
    if (ttlMillis <= 0) {
      request.setExpireNow(true);
    } else {
      request.setTtlMs(ttlMillis);
    }
    return run(c, CommandTable.EXPIRE, request.build(), r -> Reply.integer(r.getApplied() ? 1 : 0));
  }

  private static ExpireCondition expireCondition(Call c) {
    java.util.Set<String> options = new java.util.HashSet<>();
    for (int i = 3; i < c.size(); i++) {
      if (!List.of("NX", "XX", "GT", "LT").contains(c.word(i))) {
        throw new RespException("ERR Unsupported option " + c.text(i));
      }
      options.add(c.word(i));
    }
    if (options.contains("NX") && options.size() > 1) {
      throw new RespException("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (options.contains("GT") && options.contains("LT")) {
      throw new RespException("ERR GT and LT options at the same time are not compatible");
    }
    // XX with GT is GT (a later deadline implies there is one); XX with LT also needs a TTL.
    return options.contains("NX") ? ExpireCondition.EXPIRE_CONDITION_IF_NO_TTL
        : options.contains("GT") ? ExpireCondition.EXPIRE_CONDITION_IF_LATER
        : options.contains("LT") && options.contains("XX") ? ExpireCondition.EXPIRE_CONDITION_IF_TTL_AND_EARLIER
        : options.contains("LT") ? ExpireCondition.EXPIRE_CONDITION_IF_EARLIER
        : options.contains("XX") ? ExpireCondition.EXPIRE_CONDITION_IF_TTL
        : ExpireCondition.EXPIRE_CONDITION_ALWAYS;
  }

  /** RENAME / RENAMENX key newkey */
  private static CompletableFuture<Reply> rename(Call c, boolean ifAbsent) {
    return run(c, CommandTable.RENAME, RenameRequest.newBuilder().setKey(c.bytes(1)).setNewKey(c.bytes(2))
        .setIfAbsent(ifAbsent).build(), r -> !r.getFound() ? Reply.error("ERR no such key")
            : ifAbsent ? Reply.integer(r.getApplied() ? 1 : 0) : Reply.OK);
  }

  /** SETRANGE key offset value */
  private static CompletableFuture<Reply> setRange(Call c) {
    long offset = c.integer(2);
    if (offset < 0) {
      throw new RespException("ERR offset is out of range");
    }
    return run(c, CommandTable.SETRANGE, SetRangeRequest.newBuilder().setKey(c.bytes(1)).setOffset(offset)
        .setValue(c.bytes(3)).build(), r -> Reply.integer(r.getValue()));
  }

  /** GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST]; without an option, a GET. */
  private static CompletableFuture<Reply> getEx(Call c) {
    if (c.size() == 2) {
      return run(c, CommandTable.GET, GetRequest.newBuilder().setKey(c.bytes(1)).build(),
          r -> Reply.bulkOrNull(r.getFound(), r.getValue()));
    }
    GetExRequest.Builder request = GetExRequest.newBuilder().setKey(c.bytes(1));
    String option = c.word(2);
    if (option.equals("PERSIST") && c.size() == 3) {
      request.setPersist(true);
    } else if (List.of("EX", "PX", "EXAT", "PXAT").contains(option) && c.size() == 4) {
      long unitMillis = option.startsWith("P") ? 1 : 1000;
      long amount = c.isInteger(3) ? c.integer(3) : 0;
      if (!c.isInteger(3) || amount <= 0 || amount > Long.MAX_VALUE / unitMillis) {
        // Redis looks the key up before it reads the time: a missing key answers nil, another type WRONGTYPE.
        String error = c.isInteger(3) ? "ERR invalid expire time in 'getex' command"
            : RespException.notInteger().getMessage();
        return run(c, CommandTable.GET, GetRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> r.getFound() ? Reply.error(error) : Reply.NULL);
      }
      long ttlMillis = option.endsWith("AT") ? amount * unitMillis - System.currentTimeMillis() : amount * unitMillis;
      if (ttlMillis <= 0) {
        request.setExpireNow(true);
      } else {
        request.setTtlMs(ttlMillis);
      }
    } else {
      throw RespException.syntax();
    }
    return run(c, CommandTable.GETEX, request.build(), r -> Reply.bulkOrNull(r.getFound(), r.getValue()));
  }

  private static CompletableFuture<Reply> hset(Call c, Function<io.raftcache.proto.v1.CountResponse, Reply> reply) {
    c.requirePairsFrom(2);
    HSetRequest.Builder request = HSetRequest.newBuilder().setKey(c.bytes(1));
    for (int i = 2; i < c.size(); i += 2) {
      request.addFields(FieldValue.newBuilder().setField(c.bytes(i)).setValue(c.bytes(i + 1)));
    }
    return run(c, CommandTable.HSET, request.build(), reply);
  }

  private static Reply optional(OptionalValue value) {
    return Reply.bulkOrNull(value.getFound(), value.getValue());
  }

  /** Expiry arguments in seconds or milliseconds, relative or as a Unix time, to a TTL from now. */
  static final class Expiry {
    private Expiry() {}

    static long relative(long amount, long unitMillis, String command) {
      long bound = Long.MAX_VALUE / unitMillis / 2;
      if (amount > bound || amount < -bound) {
        throw new RespException("ERR invalid expire time in '" + command + "' command");
      }
      return amount * unitMillis;
    }

    static long absolute(long at, long unitMillis, String command) {
      return relative(at, unitMillis, command) - System.currentTimeMillis();
    }
  }
}
