package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import io.raftcache.node.auth.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis command: its name, arity (negative: at least that many words, the name included),
 * flags and key positions as {@code COMMAND INFO} reports them, and the handler that parses its
 * arguments, runs it (on the command table, for data) and shapes the reply.
 */
record RespCommand(String name, int arity, List<String> flags, int firstKey, int lastKey, int step, Handler handler,
    Arrival arrival) {
  interface Handler {
    CompletableFuture<Reply> run(Call call);
  }

  /**
   * What a command does to its connection the moment it arrives, before it waits its turn (WATCH
   * and EXEC capture the transaction's state then); returns the call to run, or throws a refusal.
   */
  interface Arrival {
    Call apply(Call call);
  }

  RespCommand(String name, int arity, List<String> flags, int firstKey, int lastKey, int step, Handler handler) {
    this(name, arity, flags, firstKey, lastKey, step, handler, call -> call);
  }

  boolean arityHolds(int words) {
    return arity >= 0 ? words == arity : words >= -arity;
  }

  boolean isWrite() {
    return flags.contains("write");
  }

  boolean isRead() {
    return flags.contains("readonly");
  }

  /** What users' permissions call it. */
  Category category() {
    return Category.of(name, isWrite(), isRead());
  }

  /** The keys a call names, by the row's key positions (as COMMAND INFO gives them). */
  List<ByteString> keys(Call call) {
    if (firstKey == 0) {
      return List.of();
    }
    int last = lastKey >= 0 ? lastKey : call.size() + lastKey;
    List<ByteString> keys = new ArrayList<>();
    for (int i = firstKey; i <= last && i < call.size(); i += Math.max(step, 1)) {
      keys.add(call.bytes(i));
    }
    return keys;
  }
}
