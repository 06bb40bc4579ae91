package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import io.raftcache.node.command.CommandTable;
import io.raftcache.node.keyspace.GlobPattern;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ValueType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SCAN with Redis's cursor: a decimal number, "0" to start and at the end. The command table's
 * cursor is the last key examined; it travels as the number whose bytes are 0x01 followed by the
 * key's bytes, so clients that parse the cursor as an integer (redis-py) work, and any node can
 * continue a scan another began.
 */
final class KeyScan {
  /** Redis treats COUNT as a hint; the table examines at most this many keys per call. */
  private static final int MAX_COUNT = 1000;

  private KeyScan() {}

  static CompletableFuture<Reply> scan(Call c) {
    ScanRequest.Builder request = ScanRequest.newBuilder().setCursor(cursorOf(c.text(1))).setCount(10);
    boolean unknownType = false;
    for (int i = 2; i < c.size(); i++) {
      if (i + 1 >= c.size()) {
        throw RespException.syntax();
      }
      switch (c.word(i)) {
        case "MATCH" -> request.setMatch(c.text(++i));
        case "COUNT" -> {
          long count = c.integer(++i);
          if (count < 1) {
            throw RespException.syntax();
          }
          request.setCount((int) Math.min(count, MAX_COUNT));
        }
        case "TYPE" -> {
          ValueType type = DataCommands.typeNamed(c.text(++i));
          unknownType = type == null; // Redis 7.0 then answers no keys, but the cursor still moves; the last TYPE counts
          request.setType(type == null ? ValueType.VALUE_TYPE_NONE : type);
        }
        default -> throw RespException.syntax();
      }
    }
    boolean nothingMatches = unknownType;
    return DataCommands.run(c, CommandTable.SCAN, request.build(), r -> Reply.array(List.of(
        Reply.bulk(numberOf(r.getNextCursor())), Reply.bulks(nothingMatches ? List.of() : r.getKeysList()))));
  }

  /**
   * HSCAN, SSCAN, ZSCAN key cursor [MATCH pattern] [COUNT count]: the whole collection in one reply
   * with cursor 0, as Redis answers for a small one, so the cursor is only checked to be a number.
   * As in Redis, the cursor is checked first, then the key (missing: an empty page; another type:
   * WRONGTYPE), then the options.
   */
  static void checkCollectionCursor(Call c) {
    if (!c.text(2).matches("[0-9]{1,20}")) {
      throw new RespException("ERR invalid cursor");
    }
  }

  /**
   * The page: cursor 0 and the items whose name matches MATCH, each name followed by {@code stride
   * - 1} more replies (a hash's value, a sorted set's score).
   */
  static Reply collectionPage(Call c, List<Reply> items, int stride) {
    if (items.isEmpty()) {
      return Reply.array(List.of(Reply.bulk("0"), Reply.EMPTY_ARRAY));
    }
    String match;
    try {
      match = matchOption(c);
    } catch (RespException refused) {
      return Reply.error(refused.getMessage());
    }
    List<Reply> kept = new ArrayList<>();
    for (int i = 0; i < items.size(); i += stride) {
      byte[] name = ((Reply.Bulk) items.get(i)).bytes();
      if (match == null || GlobPattern.matches(match, new String(name, StandardCharsets.UTF_8))) {
        kept.addAll(items.subList(i, i + stride));
      }
    }
    return Reply.array(List.of(Reply.bulk("0"), Reply.array(kept)));
  }

  private static String matchOption(Call c) {
    String match = null;
    for (int i = 3; i < c.size(); i++) {
      if (i + 1 >= c.size()) {
        throw RespException.syntax();
      }
      switch (c.word(i)) {
        case "MATCH" -> match = c.text(++i);
        case "COUNT" -> {
          if (c.integer(++i) < 1) {
            throw RespException.syntax();
          }
        }
        default -> throw RespException.syntax();
      }
    }
    return match;
  }

  static ByteString cursorOf(String number) {
    if (number.equals("0")) {
      return ByteString.EMPTY;
    }
    try {
      byte[] bytes = new BigInteger(number).toByteArray();
      if (number.startsWith("-") || bytes.length < 2 || bytes[0] != 1) {
        throw new RespException("ERR invalid cursor");
      }
      return ByteString.copyFrom(bytes, 1, bytes.length - 1);
    } catch (NumberFormatException e) {
      throw new RespException("ERR invalid cursor");
    }
  }

  static String numberOf(ByteString cursor) {
    if (cursor.isEmpty()) {
      return "0";
    }
    byte[] bytes = new byte[cursor.size() + 1];
    bytes[0] = 1;
    cursor.copyTo(bytes, 1);
    return new BigInteger(bytes).toString();
  }
}
