package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.raftcache.proto.internal.AppendRequest;
import io.raftcache.proto.internal.ClockTick;
import io.raftcache.proto.internal.DeadlineResponse;
import io.raftcache.proto.internal.IncrByFloatRequest;
import io.raftcache.proto.internal.FlushAll;
import io.raftcache.proto.internal.GetExRequest;
import io.raftcache.proto.internal.ListPopRequest;
import io.raftcache.proto.internal.ListPopResponse;
import io.raftcache.proto.internal.ListPosRequest;
import io.raftcache.proto.internal.ListPosResponse;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.ListRangeRequest;
import io.raftcache.proto.internal.ListRemoveRequest;
import io.raftcache.proto.internal.ListSetRequest;
import io.raftcache.proto.internal.ListSetResponse;
import io.raftcache.proto.internal.PopRequest;
import io.raftcache.proto.internal.RenameRequest;
import io.raftcache.proto.internal.RenameResponse;
import io.raftcache.proto.internal.SMoveRequest;
import io.raftcache.proto.internal.SetRangeRequest;
import io.raftcache.proto.internal.SetStoreRequest;
import io.raftcache.proto.internal.ZPopRequest;
import io.raftcache.proto.internal.ZRemRangeRequest;
import io.raftcache.proto.internal.HSetNxRequest;
import io.raftcache.proto.internal.KeyOnly;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.EvictedKey;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.ExpireKeysResult;
import io.raftcache.proto.internal.ExpiredKey;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.LogCommand.CommandCase;
import io.raftcache.proto.internal.Transaction;
import io.raftcache.proto.internal.TransactionResult;
import io.raftcache.proto.internal.VersionsResponse;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.DeleteResponse;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExistsResponse;
import io.raftcache.proto.v1.ExpireRequest;
import io.raftcache.proto.v1.ExpireResponse;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetAllResponse;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HMGetRequest;
import io.raftcache.proto.v1.HMGetResponse;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.IntegerResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeyValue;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MGetRequest;
import io.raftcache.proto.v1.MGetResponse;
import io.raftcache.proto.v1.MSetRequest;
import io.raftcache.proto.v1.MSetResponse;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import io.raftcache.proto.v1.OptionalValue;
import io.raftcache.proto.v1.PersistRequest;
import io.raftcache.proto.v1.PersistResponse;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScanResponse;
import io.raftcache.proto.v1.ScoreResponse;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.SetResponse;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;
import io.raftcache.proto.v1.TypeResponse;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZAddResponse;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRangeResponse;
import io.raftcache.proto.v1.ZRankRequest;
import io.raftcache.proto.v1.ZRankResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every command, one row each: name, keys, rules, work and (for writes) log encoding. The state
 * machine dispatches entries through it and the front ends look commands up in it; adding a
 * command starts here (see the README's design section for the other files).
 */
public final class CommandTable {
  private static final Map<String, Command<?, ?>> BY_NAME = new LinkedHashMap<>();
  private static final Map<CommandCase, WriteCommand<?, ?>> BY_LOG_CASE = new EnumMap<>(CommandCase.class);

  // ---- strings and keys of any type

  public static final ReadCommand<GetRequest, GetResponse> GET =
      read("get", GetRequest.getDefaultInstance(), GetResponse.getDefaultInstance(),
          one(GetRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.get(q, now));
  public static final ReadCommand<MGetRequest, MGetResponse> MGET =
      read("mget", MGetRequest.getDefaultInstance(), MGetResponse.getDefaultInstance(),
          MGetRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.strings.mget(q, now));
  public static final ReadCommand<ExistsRequest, ExistsResponse> EXISTS =
      read("exists", ExistsRequest.getDefaultInstance(), ExistsResponse.getDefaultInstance(),
          ExistsRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.strings.exists(q, now));
  public static final ReadCommand<TtlRequest, TtlResponse> TTL =
      read("ttl", TtlRequest.getDefaultInstance(), TtlResponse.getDefaultInstance(),
          one(TtlRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.ttl(q, now));
  public static final ReadCommand<KeyRequest, TypeResponse> TYPE =
      read("type", KeyRequest.getDefaultInstance(), TypeResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.keys.type(q, now));
  public static final ReadCommand<ScanRequest, ScanResponse> SCAN =
      read("scan", ScanRequest.getDefaultInstance(), ScanResponse.getDefaultInstance(),
          q -> List.of(), RequestValidator::check, (h, q, now) -> h.keys.scan(q, now));

  public static final WriteCommand<SetRequest, SetResponse> SET = write("set", one(SetRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.strings.set(q, now),
      log(CommandCase.SET, LogCommand.Builder::setSet, LogCommand::getSet,
          CommandResult.Builder::setSet, CommandResult::getSet));
  public static final WriteCommand<MSetRequest, MSetResponse> MSET = write("mset",
      q -> q.getEntriesList().stream().map(KeyValue::getKey).toList(),
      RequestValidator::check, (h, q, now) -> h.strings.mset(q),
      log(CommandCase.MSET, LogCommand.Builder::setMset, LogCommand::getMset,
          CommandResult.Builder::setMset, CommandResult::getMset));
  public static final WriteCommand<DeleteRequest, DeleteResponse> DELETE = write("delete", DeleteRequest::getKeysList,
      RequestValidator::check, (h, q, now) -> h.strings.delete(q, now),
      log(CommandCase.DELETE, LogCommand.Builder::setDelete, LogCommand::getDelete,
          CommandResult.Builder::setDelete, CommandResult::getDelete));
  public static final WriteCommand<IncrByRequest, IncrByResponse> INCRBY = write("incrby", one(IncrByRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.strings.incrBy(q, now),
      log(CommandCase.INCR_BY, LogCommand.Builder::setIncrBy, LogCommand::getIncrBy,
          CommandResult.Builder::setIncrBy, CommandResult::getIncrBy));
  public static final WriteCommand<ExpireRequest, ExpireResponse> EXPIRE = write("expire", one(ExpireRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.strings.expire(q, now),
      log(CommandCase.EXPIRE, LogCommand.Builder::setExpire, LogCommand::getExpire,
          CommandResult.Builder::setExpire, CommandResult::getExpire));
  public static final WriteCommand<PersistRequest, PersistResponse> PERSIST = write("persist",
      one(PersistRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.persist(q, now),
      log(CommandCase.PERSIST, LogCommand.Builder::setPersist, LogCommand::getPersist,
          CommandResult.Builder::setPersist, CommandResult::getPersist));

  // ---- hashes

  public static final ReadCommand<HGetRequest, OptionalValue> HGET =
      read("hget", HGetRequest.getDefaultInstance(), OptionalValue.getDefaultInstance(),
          one(HGetRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hget(q, now));
  public static final ReadCommand<HMGetRequest, HMGetResponse> HMGET =
      read("hmget", HMGetRequest.getDefaultInstance(), HMGetResponse.getDefaultInstance(),
          one(HMGetRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hmget(q, now));
  public static final ReadCommand<KeyRequest, HGetAllResponse> HGETALL =
      read("hgetall", KeyRequest.getDefaultInstance(), HGetAllResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hgetall(q, now));
  public static final ReadCommand<HGetRequest, BoolResponse> HEXISTS =
      read("hexists", HGetRequest.getDefaultInstance(), BoolResponse.getDefaultInstance(),
          one(HGetRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hexists(q, now));
  public static final ReadCommand<KeyRequest, CountResponse> HLEN =
      read("hlen", KeyRequest.getDefaultInstance(), CountResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hlen(q, now));

  public static final WriteCommand<HSetRequest, CountResponse> HSET = write("hset", one(HSetRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.hashes.hset(q, now),
      log(CommandCase.HSET, LogCommand.Builder::setHset, LogCommand::getHset,
          CommandResult.Builder::setHset, CommandResult::getHset));
  public static final WriteCommand<HDelRequest, CountResponse> HDEL = write("hdel", one(HDelRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.hashes.hdel(q, now),
      log(CommandCase.HDEL, LogCommand.Builder::setHdel, LogCommand::getHdel,
          CommandResult.Builder::setHdel, CommandResult::getHdel));
  public static final WriteCommand<HIncrByRequest, IntegerResponse> HINCRBY = write("hincrby",
      one(HIncrByRequest::getKey), RequestValidator::check, (h, q, now) -> h.hashes.hincrBy(q, now),
      log(CommandCase.HINCR_BY, LogCommand.Builder::setHincrBy, LogCommand::getHincrBy,
          CommandResult.Builder::setHincrBy, CommandResult::getHincrBy));

  // ---- sets

  public static final ReadCommand<MemberRequest, BoolResponse> SISMEMBER =
      read("sismember", MemberRequest.getDefaultInstance(), BoolResponse.getDefaultInstance(),
          one(MemberRequest::getKey), RequestValidator::check, (h, q, now) -> h.sets.sismember(q, now));
  public static final ReadCommand<KeyRequest, MembersResponse> SMEMBERS =
      read("smembers", KeyRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.sets.smembers(q, now));
  public static final ReadCommand<KeyRequest, CountResponse> SCARD =
      read("scard", KeyRequest.getDefaultInstance(), CountResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.sets.scard(q, now));
  public static final ReadCommand<KeysRequest, MembersResponse> SINTER =
      read("sinter", KeysRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          KeysRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.sets.sinter(q, now));
  public static final ReadCommand<KeysRequest, MembersResponse> SUNION =
      read("sunion", KeysRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          KeysRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.sets.sunion(q, now));

  public static final WriteCommand<MembersRequest, CountResponse> SADD = write("sadd", one(MembersRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.sets.sadd(q, now),
      log(CommandCase.SADD, LogCommand.Builder::setSadd, LogCommand::getSadd,
          CommandResult.Builder::setSadd, CommandResult::getSadd));
  public static final WriteCommand<MembersRequest, CountResponse> SREM = write("srem", one(MembersRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.sets.srem(q, now),
      log(CommandCase.SREM, LogCommand.Builder::setSrem, LogCommand::getSrem,
          CommandResult.Builder::setSrem, CommandResult::getSrem));

  // ---- sorted sets

  public static final ReadCommand<MemberRequest, ScoreResponse> ZSCORE =
      read("zscore", MemberRequest.getDefaultInstance(), ScoreResponse.getDefaultInstance(),
          one(MemberRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zscore(q, now));
  public static final ReadCommand<ZRankRequest, ZRankResponse> ZRANK =
      read("zrank", ZRankRequest.getDefaultInstance(), ZRankResponse.getDefaultInstance(),
          one(ZRankRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zrank(q, now));
  public static final ReadCommand<ZRangeRequest, ZRangeResponse> ZRANGE =
      read("zrange", ZRangeRequest.getDefaultInstance(), ZRangeResponse.getDefaultInstance(),
          one(ZRangeRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zrange(q, now));
  public static final ReadCommand<KeyRequest, CountResponse> ZCARD =
      read("zcard", KeyRequest.getDefaultInstance(), CountResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zcard(q, now));
  public static final ReadCommand<ZCountRequest, CountResponse> ZCOUNT =
      read("zcount", ZCountRequest.getDefaultInstance(), CountResponse.getDefaultInstance(),
          one(ZCountRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zcount(q, now));

  public static final WriteCommand<ZAddRequest, ZAddResponse> ZADD = write("zadd", one(ZAddRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.zsets.zadd(q, now),
      log(CommandCase.ZADD, LogCommand.Builder::setZadd, LogCommand::getZadd,
          CommandResult.Builder::setZadd, CommandResult::getZadd));
  public static final WriteCommand<ZIncrByRequest, ScoreResponse> ZINCRBY = write("zincrby",
      one(ZIncrByRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zincrBy(q, now),
      log(CommandCase.ZINCR_BY, LogCommand.Builder::setZincrBy, LogCommand::getZincrBy,
          CommandResult.Builder::setZincrBy, CommandResult::getZincrBy));
  public static final WriteCommand<MembersRequest, CountResponse> ZREM = write("zrem", one(MembersRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.zsets.zrem(q, now),
      log(CommandCase.ZREM, LogCommand.Builder::setZrem, LogCommand::getZrem,
          CommandResult.Builder::setZrem, CommandResult::getZrem));

  // ---- transactions (offered by the RESP front end only)

  /** The versions of keys, which WATCH records. */
  public static final ReadCommand<KeysRequest, VersionsResponse> VERSIONS =
      read("versions", KeysRequest.getDefaultInstance(), VersionsResponse.getDefaultInstance(),
          KeysRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.keys.versions(q, now));
  /** MULTI ... EXEC: the queued commands in one entry. */
  public static final WriteCommand<Transaction, TransactionResult> EXEC = write("exec",
      TransactionCommands::keysOf, RequestValidator::check, (h, q, now) -> h.transactions.run(q, now),
      log(CommandCase.TRANSACTION, LogCommand.Builder::setTransaction, LogCommand::getTransaction,
          CommandResult.Builder::setTransaction, CommandResult::getTransaction));

  // ---- offered by the RESP front end only

  public static final ReadCommand<ScanRequest, ScanResponse> KEYS =
      read("keys", ScanRequest.getDefaultInstance(), ScanResponse.getDefaultInstance(),
          q -> List.of(), RequestValidator::check, (h, q, now) -> h.keys.keys(q, now));
  public static final WriteCommand<FlushAll, CountResponse> FLUSHALL = write("flushall", q -> List.of(),
      (rules, q) -> { }, (h, q, now) -> h.strings.flushAll(now),
      log(CommandCase.FLUSH_ALL, LogCommand.Builder::setFlushAll, LogCommand::getFlushAll,
          CommandResult.Builder::setFlushAll, CommandResult::getFlushAll));
  public static final WriteCommand<AppendRequest, IntegerResponse> APPEND = write("append",
      one(AppendRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.append(q, now),
      log(CommandCase.APPEND, LogCommand.Builder::setAppend, LogCommand::getAppend,
          CommandResult.Builder::setAppend, CommandResult::getAppend));
  public static final WriteCommand<KeyOnly, GetResponse> GETDEL = write("getdel", one(KeyOnly::getKey),
      RequestValidator::check, (h, q, now) -> h.strings.getDel(q, now),
      log(CommandCase.GET_DEL, LogCommand.Builder::setGetDel, LogCommand::getGetDel,
          CommandResult.Builder::setGetDel, CommandResult::getGetDel));
  public static final WriteCommand<HSetNxRequest, BoolResponse> HSETNX = write("hsetnx", one(HSetNxRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.hashes.hsetNx(q, now),
      log(CommandCase.HSET_NX, LogCommand.Builder::setHsetNx, LogCommand::getHsetNx,
          CommandResult.Builder::setHsetNx, CommandResult::getHsetNx));

  public static final WriteCommand<MSetRequest, BoolResponse> MSETNX = write("msetnx",
      q -> q.getEntriesList().stream().map(KeyValue::getKey).toList(),
      RequestValidator::check, (h, q, now) -> h.strings.msetNx(q, now),
      log(CommandCase.MSET_NX, LogCommand.Builder::setMsetNx, LogCommand::getMsetNx,
          CommandResult.Builder::setMsetNx, CommandResult::getMsetNx));
  public static final WriteCommand<IncrByFloatRequest, OptionalValue> INCRBYFLOAT = write("incrbyfloat",
      one(IncrByFloatRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.incrByFloat(q, now),
      log(CommandCase.INCR_BY_FLOAT, LogCommand.Builder::setIncrByFloat, LogCommand::getIncrByFloat,
          CommandResult.Builder::setIncrByFloat, CommandResult::getIncrByFloat));
  public static final ReadCommand<KeyRequest, DeadlineResponse> EXPIRETIME =
      read("expiretime", KeyRequest.getDefaultInstance(), DeadlineResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.deadline(q, now));

  public static final WriteCommand<RenameRequest, RenameResponse> RENAME = write("rename",
      q -> List.of(q.getKey(), q.getNewKey()), RequestValidator::check, (h, q, now) -> h.keys.rename(q, now),
      log(CommandCase.RENAME, LogCommand.Builder::setRename, LogCommand::getRename,
          CommandResult.Builder::setRename, CommandResult::getRename));
  public static final WriteCommand<SetRangeRequest, IntegerResponse> SETRANGE = write("setrange",
      one(SetRangeRequest::getKey), RequestValidator::check, (h, q, now) -> h.strings.setRange(q, now),
      log(CommandCase.SET_RANGE, LogCommand.Builder::setSetRange, LogCommand::getSetRange,
          CommandResult.Builder::setSetRange, CommandResult::getSetRange));
  public static final WriteCommand<GetExRequest, GetResponse> GETEX = write("getex", one(GetExRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.strings.getEx(q, now),
      log(CommandCase.GET_EX, LogCommand.Builder::setGetEx, LogCommand::getGetEx,
          CommandResult.Builder::setGetEx, CommandResult::getGetEx));
  public static final WriteCommand<SMoveRequest, BoolResponse> SMOVE = write("smove",
      q -> List.of(q.getSource(), q.getDestination()), RequestValidator::check, (h, q, now) -> h.sets.smove(q, now),
      log(CommandCase.SMOVE, LogCommand.Builder::setSmove, LogCommand::getSmove,
          CommandResult.Builder::setSmove, CommandResult::getSmove));
  public static final ReadCommand<KeysRequest, MembersResponse> SDIFF =
      read("sdiff", KeysRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          KeysRequest::getKeysList, RequestValidator::check, (h, q, now) -> h.sets.sdiff(q, now));
  /** SUNIONSTORE, SINTERSTORE and SDIFFSTORE. */
  public static final WriteCommand<SetStoreRequest, CountResponse> SETSTORE = write("setstore",
      q -> concat(q.getDestination(), q.getKeysList()), RequestValidator::check, (h, q, now) -> h.sets.store(q, now),
      log(CommandCase.SET_STORE, LogCommand.Builder::setSetStore, LogCommand::getSetStore,
          CommandResult.Builder::setSetStore, CommandResult::getSetStore));
  /** The members it removes are picked by the seed the request carries: every replica picks the same. */
  public static final WriteCommand<PopRequest, MembersResponse> SPOP = write("spop", one(PopRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.sets.spop(q, now),
      log(CommandCase.SPOP, LogCommand.Builder::setSpop, LogCommand::getSpop,
          CommandResult.Builder::setSpop, CommandResult::getSpop));
  public static final ReadCommand<PopRequest, MembersResponse> SRANDMEMBER =
      read("srandmember", PopRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          one(PopRequest::getKey), RequestValidator::check, (h, q, now) -> h.sets.srandmember(q, now));
  public static final WriteCommand<ZPopRequest, ZRangeResponse> ZPOP = write("zpop", one(ZPopRequest::getKey),
      RequestValidator::check, (h, q, now) -> h.zsets.zpop(q, now),
      log(CommandCase.ZPOP, LogCommand.Builder::setZpop, LogCommand::getZpop,
          CommandResult.Builder::setZpop, CommandResult::getZpop));
  public static final WriteCommand<ZRemRangeRequest, CountResponse> ZREMRANGE = write("zremrange",
      one(ZRemRangeRequest::getKey), RequestValidator::check, (h, q, now) -> h.zsets.zremRange(q, now),
      log(CommandCase.ZREM_RANGE, LogCommand.Builder::setZremRange, LogCommand::getZremRange,
          CommandResult.Builder::setZremRange, CommandResult::getZremRange));

  // ---- lists (offered by the RESP front end only)

  public static final WriteCommand<ListPushRequest, IntegerResponse> LPUSH = write("lpush",
      one(ListPushRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.push(q, now),
      log(CommandCase.LIST_PUSH, LogCommand.Builder::setListPush, LogCommand::getListPush,
          CommandResult.Builder::setListPush, CommandResult::getListPush));
  public static final WriteCommand<ListPopRequest, ListPopResponse> LPOP = write("lpop",
      one(ListPopRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.pop(q, now),
      log(CommandCase.LIST_POP, LogCommand.Builder::setListPop, LogCommand::getListPop,
          CommandResult.Builder::setListPop, CommandResult::getListPop));
  public static final WriteCommand<ListSetRequest, ListSetResponse> LSET = write("lset",
      one(ListSetRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.set(q, now),
      log(CommandCase.LIST_SET, LogCommand.Builder::setListSet, LogCommand::getListSet,
          CommandResult.Builder::setListSet, CommandResult::getListSet));
  public static final WriteCommand<ListRemoveRequest, CountResponse> LREM = write("lrem",
      one(ListRemoveRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.remove(q, now),
      log(CommandCase.LIST_REMOVE, LogCommand.Builder::setListRemove, LogCommand::getListRemove,
          CommandResult.Builder::setListRemove, CommandResult::getListRemove));
  public static final WriteCommand<ListRangeRequest, CountResponse> LTRIM = write("ltrim",
      one(ListRangeRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.trim(q, now),
      log(CommandCase.LIST_TRIM, LogCommand.Builder::setListTrim, LogCommand::getListTrim,
          CommandResult.Builder::setListTrim, CommandResult::getListTrim));
  public static final ReadCommand<ListRangeRequest, MembersResponse> LRANGE =
      read("lrange", ListRangeRequest.getDefaultInstance(), MembersResponse.getDefaultInstance(),
          one(ListRangeRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.range(q, now));
  public static final ReadCommand<KeyRequest, CountResponse> LLEN =
      read("llen", KeyRequest.getDefaultInstance(), CountResponse.getDefaultInstance(),
          one(KeyRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.length(q, now));
  public static final ReadCommand<ListPosRequest, ListPosResponse> LPOS =
      read("lpos", ListPosRequest.getDefaultInstance(), ListPosResponse.getDefaultInstance(),
          one(ListPosRequest::getKey), RequestValidator::check, (h, q, now) -> h.lists.positions(q, now));

  // ---- proposed by the leader itself

  /** The leader's decision that keys have expired. */
  public static final WriteCommand<ExpireKeys, ExpireKeysResult> EXPIRE_KEYS = internal("expire-keys",
      q -> q.getKeysList().stream().map(ExpiredKey::getKey).toList(),
      RequestValidator::check, (h, q, now) -> h.expiry.expireKeys(q, now),
      log(CommandCase.EXPIRE_KEYS, LogCommand.Builder::setExpireKeys, LogCommand::getExpireKeys,
          CommandResult.Builder::setExpireKeys, CommandResult::getExpireKeys));
  /** The leader's decision that keys go, to bring memory under the limit. */
  public static final WriteCommand<EvictKeys, ExpireKeysResult> EVICT_KEYS = internal("evict-keys",
      q -> q.getKeysList().stream().map(EvictedKey::getKey).toList(),
      RequestValidator::check, (h, q, now) -> h.eviction.evictKeys(q, now),
      log(CommandCase.EVICT_KEYS, LogCommand.Builder::setEvictKeys, LogCommand::getEvictKeys,
          CommandResult.Builder::setEvictKeys, CommandResult::getEvictKeys));
  /** Nothing but the leader's time: applying the entry has already moved the cluster's clock. */
  public static final WriteCommand<ClockTick, ClockTick> TICK = internal("tick", q -> List.of(), (rules, q) -> { },
      (h, q, now) -> q,
      log(CommandCase.TICK, LogCommand.Builder::setTick, LogCommand::getTick,
          (result, tick) -> { }, result -> ClockTick.getDefaultInstance()));

  /**
   * Writes that never make the keys take more memory: served past the memory limit, as Redis
   * serves the commands it does not flag {@code denyoom}. Every other write grows memory; unlike
   * Redis, so do RENAME and SMOVE (a longer name, a new destination take more). EXPIRE and GETEX
   * add a deadline (about 70 bytes) and are served anyway, as Redis serves them.
   */
  private static final Set<WriteCommand<?, ?>> NEVER_GROW = Set.of(DELETE, EXPIRE, PERSIST, HDEL, SREM, ZREM,
      FLUSHALL, GETDEL, SPOP, ZPOP, ZREMRANGE, LPOP, LREM, LTRIM, GETEX, EXPIRE_KEYS, EVICT_KEYS, TICK);

  private CommandTable() {}

  /** Whether applying {@code entry} may make the keys take more memory (a transaction: if any of its writes may). */
  public static boolean growsMemory(LogCommand entry) {
    if (entry.hasTransaction()) {
      return entry.getTransaction().getStepsList().stream().anyMatch(s -> s.hasWrite() && growsMemory(s.getWrite()));
    }
    WriteCommand<?, ?> command = of(entry);
    return command != null && !NEVER_GROW.contains(command);
  }

  /** The command a front end may call by this (lower-case) name, or null. */
  public static Command<?, ?> named(String name) {
    return BY_NAME.get(name);
  }

  /** Every command a front end may call, in table order. */
  public static Collection<Command<?, ?>> all() {
    return Collections.unmodifiableCollection(BY_NAME.values());
  }

  /** The command a log entry carries, or null for a batch or an empty entry (neither is a command). */
  public static WriteCommand<?, ?> of(LogCommand entry) {
    return BY_LOG_CASE.get(entry.getCommandCase());
  }

  private static <Q extends Message, R extends Message> ReadCommand<Q, R> read(String name, Q request, R result,
      Function<Q, List<ByteString>> keys, Command.Rules<Q> rules, Command.Work<Q, R> work) {
    return register(new ReadCommand<>(name, request, result, keys, rules, work));
  }

  private static <Q extends Message, R extends Message> WriteCommand<Q, R> write(String name,
      Function<Q, List<ByteString>> keys, Command.Rules<Q> rules, Command.Work<Q, R> work, LogEncoding<Q, R> log) {
    return indexed(register(new WriteCommand<>(name, keys, rules, work, log, false)));
  }

  private static <Q extends Message, R extends Message> WriteCommand<Q, R> internal(String name,
      Function<Q, List<ByteString>> keys, Command.Rules<Q> rules, Command.Work<Q, R> work, LogEncoding<Q, R> log) {
    return indexed(new WriteCommand<>(name, keys, rules, work, log, true));
  }

  private static <Q, R> LogEncoding<Q, R> log(CommandCase logCase, BiConsumer<LogCommand.Builder, Q> into,
      Function<LogCommand, Q> from, BiConsumer<CommandResult.Builder, R> resultInto, Function<CommandResult, R> resultFrom) {
    return new LogEncoding<>(logCase, into, from, resultInto, resultFrom);
  }

  private static <Q> Function<Q, List<ByteString>> one(Function<Q, ByteString> key) {
    return request -> List.of(key.apply(request));
  }

  private static List<ByteString> concat(ByteString first, List<ByteString> rest) {
    List<ByteString> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static <C extends Command<?, ?>> C register(C command) {
    if (BY_NAME.putIfAbsent(command.name(), command) != null) {
      throw new IllegalStateException("two commands named " + command.name());
    }
    return command;
  }

  private static <C extends WriteCommand<?, ?>> C indexed(C command) {
    if (BY_LOG_CASE.putIfAbsent(command.logCase(), command) != null) {
      throw new IllegalStateException("two commands encoded as " + command.logCase());
    }
    return command;
  }
}
