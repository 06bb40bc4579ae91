package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply in Redis's terms, independent of the protocol version: {@link RespEncoder} writes it as
 * RESP2 or, after {@code HELLO 3}, as RESP3 (where maps, sets, doubles, booleans and null have
 * types of their own).
 */
sealed interface Reply {
  Reply OK = new Simple("OK");
  Reply QUEUED = new Simple("QUEUED");
  Reply NULL = new Null();
  Reply NULL_ARRAY = new NullArray();
  Reply EMPTY_ARRAY = new Array(List.of());

  /** {@code +text}: a status such as OK or PONG. */
  record Simple(String text) implements Reply {}

  /** {@code -text}: the text starts with the error's code, e.g. {@code ERR syntax error}. */
  record Error(String text) implements Reply {}

  record Int(long value) implements Reply {}

  record Bulk(byte[] bytes) implements Reply {}

  /** A missing value: RESP2 {@code $-1}, RESP3 {@code _}. */
  record Null() implements Reply {}

  /** A missing array (EXEC aborted, BLPOP timed out): RESP2 {@code *-1}, RESP3 {@code _}. */
  record NullArray() implements Reply {}

  record Array(List<Reply> items) implements Reply {}

  /** Field, value, field, value...: RESP2 a flat array, RESP3 a map. */
  record MapReply(List<Reply> keysAndValues) implements Reply {}

  /** RESP2 an array, RESP3 a set. */
  record SetReply(List<Reply> items) implements Reply {}

  /** A sorted set's score: RESP2 a bulk string as Redis prints the number, RESP3 a double. */
  record Score(double value) implements Reply {}

  /** RESP2 the integer 1 or 0, RESP3 a boolean. */
  record Bool(boolean value) implements Reply {}

  /** An out-of-band message (pub/sub): RESP2 an array, RESP3 a push. */
  record Push(List<Reply> items) implements Reply {}

  /** Several replies to one command, one after the other (SUBSCRIBE answers once per channel). */
  record Several(List<Reply> replies) implements Reply {}

  static Reply error(String text) {
    return new Error(text);
  }

  static Reply bulk(ByteString value) {
    return new Bulk(value.toByteArray());
  }

  static Reply bulk(String text) {
    return new Bulk(text.getBytes(StandardCharsets.UTF_8));
  }

  static Reply bulkOrNull(boolean found, ByteString value) {
    return found ? bulk(value) : NULL;
  }

  static Reply integer(long value) {
    return new Int(value);
  }

  static Reply array(List<? extends Reply> items) {
    return new Array(List.copyOf(items));
  }

  static Reply bulks(List<ByteString> values) {
    return new Array(values.stream().map(Reply::bulk).toList());
  }
}
