package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;

/**
 * A command that only reads: run on a node's data once it is current enough, never logged on its
 * own (inside a transaction it is, by name, with its request and result encoded).
 */
public final class ReadCommand<Q extends Message, R extends Message> extends Command<Q, R> {
  private final Q request;
  private final R result;

  /**
   * @param request the request's default instance, to decode one
   * @param result the result's default instance, to decode one
   */
  ReadCommand(String name, Q request, R result, Function<Q, List<ByteString>> keysOf, Rules<Q> rules,
      Work<Q, R> work) {
    super(name, keysOf, rules, work);
    this.request = request;
    this.result = result;
  }

  public Q request() {
    return request;
  }

  public R result() {
    return result;
  }

  /** A request of this command, encoded (a transaction's read step). */
  @SuppressWarnings("unchecked")
  public Q parseRequest(ByteString bytes) throws InvalidProtocolBufferException {
    return (Q) request.getParserForType().parseFrom(bytes);
  }

  /** A result of this command, encoded (a transaction's read result). */
  @SuppressWarnings("unchecked")
  public R parseResult(ByteString bytes) throws InvalidProtocolBufferException {
    return (R) result.getParserForType().parseFrom(bytes);
  }
}
