package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.raftcache.node.keyspace.GlobPattern;
import io.raftcache.proto.internal.AppendRequest;
import io.raftcache.proto.internal.GetExRequest;
import io.raftcache.proto.internal.ListPopRequest;
import io.raftcache.proto.internal.ListPosRequest;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.ListRangeRequest;
import io.raftcache.proto.internal.ListRemoveRequest;
import io.raftcache.proto.internal.ListSetRequest;
import io.raftcache.proto.internal.PopRequest;
import io.raftcache.proto.internal.RenameRequest;
import io.raftcache.proto.internal.SMoveRequest;
import io.raftcache.proto.internal.SetOperation;
import io.raftcache.proto.internal.SetRangeRequest;
import io.raftcache.proto.internal.SetStoreRequest;
import io.raftcache.proto.internal.ZPopRequest;
import io.raftcache.proto.internal.ZRemRangeRequest;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.EvictedKey;
import io.raftcache.proto.internal.ExpiredKey;
import io.raftcache.proto.internal.HSetNxRequest;
import io.raftcache.proto.internal.IncrByFloatRequest;
import io.raftcache.proto.internal.KeyOnly;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ReadStep;
import io.raftcache.proto.internal.Transaction;
import io.raftcache.proto.internal.TransactionStep;
import io.raftcache.proto.v1.HDelRequest;
import io.raftcache.proto.v1.HGetRequest;
import io.raftcache.proto.v1.HIncrByRequest;
import io.raftcache.proto.v1.HMGetRequest;
import io.raftcache.proto.v1.HSetRequest;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ValueType;
import io.raftcache.proto.v1.ZAddComparison;
import io.raftcache.proto.v1.ZAddCondition;
import io.raftcache.proto.v1.ZAddRequest;
import io.raftcache.proto.v1.ZCountRequest;
import io.raftcache.proto.v1.ZIncrByRequest;
import io.raftcache.proto.v1.ZRangeRequest;
import io.raftcache.proto.v1.ZRankRequest;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.DeleteRequest;
import io.raftcache.proto.v1.ExistsRequest;
import io.raftcache.proto.v1.ExpireCondition;
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
 * The rules a request must meet: sizes against the limits, TTL ranges, batch lengths, the retry
 * header. Checked twice: at the edge, before anything is proposed to Raft, against the cluster's
 * limits, so an invalid request is answered INVALID_ARGUMENT naming the field and never reaches
 * the log; and again when each replica applies an entry (each {@link Command#check}, and the
 * entry's header), against {@link Limits#CEILINGS}, so that an entry that reached the log some
 * other way changes nothing, alike on every replica.
 */
public final class RequestValidator {
  /** Longer TTLs are almost surely a unit mistake (seconds for milliseconds, say). */
  static final long MAX_TTL_MILLIS = Duration.ofDays(3650).toMillis();
  static final int CLIENT_ID_BYTES = 16;
  static final int MAX_SCAN_COUNT = 1000;
  /** SRANDMEMBER with a negative count answers that many members: at most this many. */
  static final long MAX_REPEATED_PICKS = 1_000_000;
  /** The most commands (and WATCHed keys) one transaction may hold; its entry's size is bounded too. */
  public static final int MAX_TRANSACTION_COMMANDS = 10_000;

  private final Limits limits;

  public RequestValidator(Limits limits) {
    this.limits = limits;
  }

  /** Every step of a transaction, as if sent alone; no transaction or batch inside one. */
  public void check(Transaction transaction) throws InvalidRequestException {
    atMost("steps", transaction.getStepsCount(), MAX_TRANSACTION_COMMANDS);
    atMost("watched", transaction.getWatchedCount(), MAX_TRANSACTION_COMMANDS);
    for (int i = 0; i < transaction.getWatchedCount(); i++) {
      key("watched[" + i + "].key", transaction.getWatched(i).getKey());
    }
    for (int i = 0; i < transaction.getStepsCount(); i++) {
      TransactionStep step = transaction.getSteps(i);
      String field = "steps[" + i + "]";
      if (step.hasWrite()) {
        WriteCommand<?, ?> command = CommandTable.of(step.getWrite());
        if (command == null || command.internal() || command == CommandTable.EXEC) {
          throw new InvalidRequestException(field, "is not a command a transaction may hold");
        }
        check(command, step.getWrite(), field);
      } else if (CommandTable.named(step.getRead().getCommand()) instanceof ReadCommand<?, ?> read) {
        check(read, step.getRead(), field);
      } else {
        throw new InvalidRequestException(field, "names no read command: '" + step.getRead().getCommand() + "'");
      }
    }
  }

  private <Q extends Message> void check(WriteCommand<Q, ?> command, LogCommand entry, String field)
      throws InvalidRequestException {
    prefixed(field, () -> command.check(this, command.request(entry)));
  }

  private <Q extends Message> void check(ReadCommand<Q, ?> command, ReadStep step, String field)
      throws InvalidRequestException {
    Q request;
    try {
      request = command.parseRequest(step.getRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(field, "an unreadable " + command.name() + " request");
    }
    Q parsed = request;
    prefixed(field, () -> command.check(this, parsed));
  }

  private interface Check {
    void run() throws InvalidRequestException;
  }

  private static void prefixed(String field, Check check) throws InvalidRequestException {
    try {
      check.run();
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(field, e.getMessage());
    }
  }

  public void check(AppendRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    value("value", r.getValue());
  }

  public void check(IncrByFloatRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    if (r.getIncrement().length() > Decimals.MAX_CHARS) {
      throw new InvalidRequestException("increment", "is " + r.getIncrement().length() + " characters long");
    }
  }

  public void check(KeyOnly r) throws InvalidRequestException {
    key("key", r.getKey());
  }

  public void check(RenameRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    key("new_key", r.getNewKey());
  }

  public void check(SetRangeRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    value("value", r.getValue());
    if (r.getOffset() < 0) {
      throw new InvalidRequestException("offset", r.getOffset() + " is negative");
    }
  }

  public void check(GetExRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    switch (r.getExpiryCase()) {
      case TTL_MS -> ttl(r.getTtlMs(), 1);
      case PERSIST, EXPIRE_NOW -> { }
      case EXPIRY_NOT_SET -> throw new InvalidRequestException("expiry", "must be ttl_ms, persist or expire_now");
    }
  }

  public void check(SMoveRequest r) throws InvalidRequestException {
    key("source", r.getSource());
    key("destination", r.getDestination());
    member("member", r.getMember());
  }

  public void check(SetStoreRequest r) throws InvalidRequestException {
    key("destination", r.getDestination());
    keys(r.getKeysList());
    if (r.getOperation() == SetOperation.UNRECOGNIZED) {
      throw new InvalidRequestException("operation", "unknown value " + r.getOperationValue());
    }
  }

  public void check(PopRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    if (!r.getHasCount() && r.getCount() != 0) {
      throw new InvalidRequestException("count", "is given without has_count");
    }
    if (r.getCount() < -MAX_REPEATED_PICKS) {
      throw new InvalidRequestException("count", r.getCount() + " would repeat more than " + MAX_REPEATED_PICKS
          + " members");
    }
  }

  public void check(ZPopRequest r) throws InvalidRequestException {
    key("key", r.getKey());
  }

  public void check(ZRemRangeRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    switch (r.getRangeCase()) {
      case BY_SCORE -> {
        score("by_score.min.value", r.getByScore().getMin().getValue());
        score("by_score.max.value", r.getByScore().getMax().getValue());
      }
      case BY_RANK -> { }
      case RANGE_NOT_SET -> throw new InvalidRequestException("range", "must be by_rank or by_score");
    }
  }

  public void check(ListPushRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    batchSize("elements", r.getElementsCount(), "element");
    for (int i = 0; i < r.getElementsCount(); i++) {
      value("elements[" + i + "]", r.getElements(i));
    }
  }

  public void check(ListPopRequest r) throws InvalidRequestException {
    key("key", r.getKey());
  }

  public void check(ListSetRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    value("element", r.getElement());
  }

  public void check(ListRemoveRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    value("element", r.getElement());
  }

  public void check(ListRangeRequest r) throws InvalidRequestException {
    key("key", r.getKey());
  }

  public void check(ListPosRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    value("element", r.getElement());
    if (r.getRank() == 0 || r.getRank() == Long.MIN_VALUE) {
      throw new InvalidRequestException("rank", r.getRank() + " is out of range: 1 is the first match, -1 the last");
    }
  }

  public void check(HSetNxRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    member("field", r.getField());
    value("value", r.getValue());
  }

  public void check(ExpireKeys decision) throws InvalidRequestException {
    leaderDecision("expire_keys.keys", decision.getKeysList().stream().map(ExpiredKey::getKey).toList());
  }

  /** The keys the leader decided to remove: at most a batch, each a valid key. */
  private void leaderDecision(String field, List<ByteString> keys) throws InvalidRequestException {
    if (keys.size() > limits.maxBatchKeys()) {
      throw new InvalidRequestException(field, keys.size() + " keys exceed max_batch_keys (" + limits.maxBatchKeys() + ")");
    }
    for (int i = 0; i < keys.size(); i++) {
      key(field + "[" + i + "].key", keys.get(i));
    }
  }

  public void check(EvictKeys decision) throws InvalidRequestException {
    leaderDecision("evict_keys.keys", decision.getKeysList().stream().map(EvictedKey::getKey).toList());
  }

  public void check(GetRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    read(r.getRead());
  }

  public void check(MGetRequest r) throws InvalidRequestException {
    keys(r.getKeysList());
    read(r.getRead());
  }

  public void check(ExistsRequest r) throws InvalidRequestException {
    keys(r.getKeysList());
    read(r.getRead());
  }

  public void check(TtlRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    read(r.getRead());
  }

  public void check(SetRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    value("value", r.getValue());
    ttl(r.getTtlMs(), 0);
    if (r.getCondition() == SetCondition.UNRECOGNIZED) {
      throw new InvalidRequestException("condition", "unknown value " + r.getConditionValue());
    }
    if (r.getKeepTtl() && r.getTtlMs() != 0) {
      throw new InvalidRequestException("keep_ttl", "cannot be combined with a ttl_ms");
    }
    boolean byVersion = r.getCondition() == SetCondition.SET_CONDITION_IF_VERSION;
    if (byVersion && r.getIfVersion() == 0) {
      throw new InvalidRequestException("if_version", "must be set (versions start at 1) with SET_CONDITION_IF_VERSION");
    }
    if (!byVersion && r.getIfVersion() != 0) {
      throw new InvalidRequestException("if_version", "is only allowed with condition SET_CONDITION_IF_VERSION");
    }
  }

  public void check(MSetRequest r) throws InvalidRequestException {
    header(r.getHeader());
    batchSize("entries", r.getEntriesCount(), "entry");
    for (int i = 0; i < r.getEntriesCount(); i++) {
      KeyValue kv = r.getEntries(i);
      key("entries[" + i + "].key", kv.getKey());
      value("entries[" + i + "].value", kv.getValue());
    }
  }

  public void check(DeleteRequest r) throws InvalidRequestException {
    header(r.getHeader());
    keys(r.getKeysList());
  }

  public void check(IncrByRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
  }

  public void check(ExpireRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    if (r.getConditionValue() > ExpireCondition.EXPIRE_CONDITION_IF_TTL_AND_EARLIER_VALUE || r.getConditionValue() < 0) {
      throw new InvalidRequestException("condition", "unknown value " + r.getConditionValue());
    }
    if (r.getExpireNow()) {
      if (r.getTtlMs() != 0) {
        throw new InvalidRequestException("ttl_ms", "must be 0 with expire_now");
      }
      return;
    }
    ttl(r.getTtlMs(), 1);
  }

  public void check(PersistRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
  }

  public void check(KeyRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    read(r.getRead());
  }

  public void check(KeysRequest r) throws InvalidRequestException {
    keys(r.getKeysList());
    read(r.getRead());
  }

  public void check(ScanRequest r) throws InvalidRequestException {
    if (!r.getCursor().isEmpty()) {
      key("cursor", r.getCursor());
    }
    long count = Integer.toUnsignedLong(r.getCount()); // uint32 on the wire
    if (count > MAX_SCAN_COUNT) {
      throw new InvalidRequestException("count", count + " exceeds " + MAX_SCAN_COUNT + " keys per call");
    }
    if (r.getType() == ValueType.UNRECOGNIZED) {
      throw new InvalidRequestException("type", "unknown value " + r.getTypeValue());
    }
    if (r.getMatch().length() > limits.maxKeyBytes()) {
      throw new InvalidRequestException("match", "is longer than max_key_bytes (" + limits.maxKeyBytes() + ")");
    }
    try {
      GlobPattern.compile(r.getMatch());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("match", e.getMessage());
    }
    read(r.getRead());
  }

  public void check(HSetRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    ttl(r.getTtlMs(), 0);
    batchSize("fields", r.getFieldsCount(), "field");
    for (int i = 0; i < r.getFieldsCount(); i++) {
      member("fields[" + i + "].field", r.getFields(i).getField());
      value("fields[" + i + "].value", r.getFields(i).getValue());
    }
  }

  public void check(HGetRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    member("field", r.getField());
    read(r.getRead());
  }

  public void check(HMGetRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    members("fields", r.getFieldsList(), "field");
    read(r.getRead());
  }

  public void check(HDelRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    members("fields", r.getFieldsList(), "field");
  }

  public void check(HIncrByRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    member("field", r.getField());
  }

  public void check(MembersRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    members("members", r.getMembersList(), "member");
  }

  public void check(MemberRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    member("member", r.getMember());
    read(r.getRead());
  }

  public void check(ZAddRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    batchSize("members", r.getMembersCount(), "member");
    for (int i = 0; i < r.getMembersCount(); i++) {
      member("members[" + i + "].member", r.getMembers(i).getMember());
      score("members[" + i + "].score", r.getMembers(i).getScore());
    }
    if (r.getCondition() == ZAddCondition.UNRECOGNIZED) {
      throw new InvalidRequestException("condition", "unknown value " + r.getConditionValue());
    }
    if (r.getComparison() == ZAddComparison.UNRECOGNIZED) {
      throw new InvalidRequestException("comparison", "unknown value " + r.getComparisonValue());
    }
    if (r.getCondition() == ZAddCondition.ZADD_CONDITION_IF_ABSENT
        && r.getComparison() != ZAddComparison.ZADD_COMPARISON_ANY) {
      throw new InvalidRequestException("comparison", "GT and LT cannot be combined with NX (only add new members)");
    }
    if (r.getIncrement() && r.getMembersCount() != 1) {
      throw new InvalidRequestException("members", "increment takes exactly one member, not " + r.getMembersCount());
    }
  }

  public void check(ZIncrByRequest r) throws InvalidRequestException {
    header(r.getHeader());
    key("key", r.getKey());
    member("member", r.getMember());
    score("delta", r.getDelta());
  }

  public void check(ZRankRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    member("member", r.getMember());
    read(r.getRead());
  }

  public void check(ZRangeRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    switch (r.getRangeCase()) {
      case BY_SCORE -> {
        score("by_score.min.value", r.getByScore().getMin().getValue());
        score("by_score.max.value", r.getByScore().getMax().getValue());
      }
      case BY_RANK -> {
        if (r.getOffset() != 0 || r.hasLimit()) {
          throw new InvalidRequestException("offset", "offset and limit page a score range (by_score), not a rank range");
        }
      }
      case RANGE_NOT_SET -> throw new InvalidRequestException("range", "must be by_rank or by_score");
    }
    if (r.getOffset() < 0 || r.getLimit() < 0) {
      throw new InvalidRequestException("offset", "offset and limit must be below 2^63");
    }
    read(r.getRead());
  }

  public void check(ZCountRequest r) throws InvalidRequestException {
    key("key", r.getKey());
    score("min.value", r.getMin().getValue());
    score("max.value", r.getMax().getValue());
    read(r.getRead());
  }

  public void check(WatchRequest r) throws InvalidRequestException {
    if (r.getPrefix().size() > limits.maxKeyBytes()) {
      throw new InvalidRequestException("prefix",
          r.getPrefix().size() + " bytes exceed max_key_bytes (" + limits.maxKeyBytes() + ")");
    }
  }

  private void keys(List<ByteString> keys) throws InvalidRequestException {
    names("keys", keys, "key");
  }

  /** A list of keys, fields or members: not empty, within the batch limit, each a valid name. */
  private void names(String field, List<ByteString> names, String noun) throws InvalidRequestException {
    batchSize(field, names.size(), noun);
    for (int i = 0; i < names.size(); i++) {
      key(field + "[" + i + "]", names.get(i));
    }
  }

  private void members(String field, List<ByteString> members, String noun) throws InvalidRequestException {
    batchSize(field, members.size(), noun);
    for (int i = 0; i < members.size(); i++) {
      member(field + "[" + i + "]", members.get(i));
    }
  }

  /** A hash field or collection member: may be empty, as in Redis, but no longer than a key. */
  private void member(String field, ByteString member) throws InvalidRequestException {
    if (member.size() > limits.maxKeyBytes()) {
      throw new InvalidRequestException(field,
          member.size() + " bytes exceed max_key_bytes (" + limits.maxKeyBytes() + ")");
    }
  }

  private void batchSize(String field, int count, String noun) throws InvalidRequestException {
    if (count == 0) {
      throw new InvalidRequestException(field, "must name at least one " + noun);
    }
    atMostBatch(field, count);
  }

  private static void atMost(String field, int count, int most) throws InvalidRequestException {
    if (count > most) {
      throw new InvalidRequestException(field, count + " exceed " + most);
    }
  }

  private void atMostBatch(String field, int count) throws InvalidRequestException {
    if (count > limits.maxBatchKeys()) {
      throw new InvalidRequestException(field,
          count + " " + field + " exceed max_batch_keys (" + limits.maxBatchKeys() + ")");
    }
  }

  private static void score(String field, double score) throws InvalidRequestException {
    if (Double.isNaN(score)) {
      throw new InvalidRequestException(field, "is not a number (NaN)");
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

  /** A log entry's retry header: none, or a 16-byte client id with a valid sequence. */
  public void check(WriteHeader header) throws InvalidRequestException {
    header(header);
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
