package io.raftcache.node.command;

import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where a write's request sits in a log entry ({@code LogCommand}'s oneof) and its result in a
 * {@code CommandResult}, the form a retry is answered from. Both oneofs use the same field numbers.
 */
public record LogEncoding<Q, R>(
    LogCommand.CommandCase logCase,
    BiConsumer<LogCommand.Builder, Q> into,
    Function<LogCommand, Q> from,
    BiConsumer<CommandResult.Builder, R> resultInto,
    Function<CommandResult, R> resultFrom) {

  CommandResult result(R value) {
    CommandResult.Builder result = CommandResult.newBuilder();
    resultInto.accept(result, value);
    return result.build();
  }
}
