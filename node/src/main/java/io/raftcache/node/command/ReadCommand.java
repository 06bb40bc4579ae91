package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;

/**
 * A command that only reads: run on a node's data once it is current enough, never logged on its
 * own (inside a transaction it is, by name, with its request and result encoded).
 *
 * @param request the request's default instance, to decode one
 * @param result the result's default instance, to decode one
 */
public record ReadCommand<Q extends Message, R extends Message>(String name, Q request, R result,
    Function<Q, List<ByteString>> keysOf, Rules<Q> rules, Work<Q, R> work) implements Command<Q, R> {

  @Override
  public List<ByteString> keys(Q request) {
    return keysOf.apply(request);
  }

  @Override
  public void check(RequestValidator validator, Q request) throws InvalidRequestException {
    rules.check(validator, request);
  }

  @Override
  public R run(Handlers handlers, Q request, long now) {
    return work.run(handlers, request, now);
  }
}
