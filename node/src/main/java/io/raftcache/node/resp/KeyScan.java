package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.ScanRequest;
import java.math.BigInteger;
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
        case "TYPE" -> throw new RespException("ERR raftcache does not support SCAN's TYPE option yet");
        default -> throw RespException.syntax();
      }
    }
    return DataCommands.run(c, CommandTable.SCAN, request.build(), r -> Reply.array(List.of(
        Reply.bulk(numberOf(r.getNextCursor())), Reply.bulks(r.getKeysList()))));
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
