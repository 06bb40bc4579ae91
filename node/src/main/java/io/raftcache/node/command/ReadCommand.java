package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;

/** A command that only reads: run on a node's data once it is current enough, never logged. */
public record ReadCommand<Q extends Message, R extends Message>(
    String name, Function<Q, List<ByteString>> keysOf, Rules<Q> rules, Work<Q, R> work) implements Command<Q, R> {

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
