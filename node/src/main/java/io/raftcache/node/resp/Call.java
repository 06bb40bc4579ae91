package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One command as a connection sent it, with accessors that refuse bad arguments as Redis does. */
final class Call {
  final List<byte[]> args;
  final Session session;
  final RespNode node;
  /** The connection's settings when the command arrived; a later HELLO or READONLY does not change them. */
  final int protocol;
  final boolean readOnly;
  /** Inside EXEC: data commands add their step here instead of running. */
  final ExecPlan plan;
  /** EXEC: the transaction as it stood when EXEC arrived. */
  final MultiCommands.Queued queued;
  /** WATCH: where the watched keys' versions go once read. */
  final CompletableFuture<Map<ByteString, Long>> watch;

  Call(List<byte[]> args, Session session, RespNode node) {
    this(args, session, node, null);
  }

  Call(List<byte[]> args, Session session, RespNode node, ExecPlan plan) {
    this(args, session, node, plan, session.protocol, session.readOnly, null, null);
  }

  private Call(List<byte[]> args, Session session, RespNode node, ExecPlan plan, int protocol, boolean readOnly,
      MultiCommands.Queued queued, CompletableFuture<Map<ByteString, Long>> watch) {
    this.args = args;
    this.session = session;
    this.node = node;
    this.plan = plan;
    this.protocol = protocol;
    this.readOnly = readOnly;
    this.queued = queued;
    this.watch = watch;
  }

  Call withQueued(MultiCommands.Queued transaction) {
    return new Call(args, session, node, plan, protocol, readOnly, transaction, watch);
  }

  Call withWatch(CompletableFuture<Map<ByteString, Long>> versions) {
    return new Call(args, session, node, plan, protocol, readOnly, queued, versions);
  }

  int size() {
    return args.size();
  }

  String name() {
    return text(0).toLowerCase(Locale.ROOT);
  }

  String text(int i) {
    return new String(args.get(i), StandardCharsets.UTF_8);
  }

  /** The argument upper-cased, for matching an option or subcommand. */
  String word(int i) {
    return text(i).toUpperCase(Locale.ROOT);
  }

  ByteString bytes(int i) {
    return ByteString.copyFrom(args.get(i));
  }

  /** Arguments {@code from} to the end, as bytes. */
  List<ByteString> bytesFrom(int from) {
    List<ByteString> out = new ArrayList<>(args.size() - from);
    for (int i = from; i < args.size(); i++) {
      out.add(bytes(i));
    }
    return out;
  }

  long integer(int i) {
    if (!isInteger(i)) {
      throw RespException.notInteger();
    }
    return RespDecoder.parseLong(text(i));
  }

  /** Whether argument {@code i} is an integer as {@link #integer} reads it. */
  boolean isInteger(int i) {
    return RespDecoder.parseLong(text(i)) != Long.MIN_VALUE || text(i).equals(Long.toString(Long.MIN_VALUE));
  }

  /** A count that must be 0 or more; Redis answers anything else (not a number too) with one error. */
  long count(int i) {
    long value = RespDecoder.parseLong(text(i));
    if (value < 0) {
      throw new RespException("ERR value is out of range, must be positive");
    }
    return value;
  }

  double score(int i) {
    Double value = Scores.parse(text(i));
    if (value == null) {
      throw RespException.notFloat();
    }
    return value;
  }

  /** Fails with Redis's arity error unless the command has an even number of arguments after {@code from}. */
  void requirePairsFrom(int from) {
    if ((size() - from) % 2 != 0 || size() == from) {
      throw wrongArity();
    }
  }

  RespException wrongArity() {
    return new RespException("ERR wrong number of arguments for '" + name() + "' command");
  }
}
