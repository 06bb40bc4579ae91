package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.raftcache.proto.internal.CommandError;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.ReadStep;
import io.raftcache.proto.internal.StepResult;
import io.raftcache.proto.internal.Transaction;
import io.raftcache.proto.internal.TransactionResult;
import io.raftcache.proto.internal.TransactionStep;
import io.raftcache.proto.internal.WatchedKey;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI ... EXEC as one log entry: unless a watched key's version changed since WATCH, every
 * command of the transaction runs in order at the entry's time, reads included, with nothing in
 * between. As in Redis, a command that fails (a wrong type) does not stop the others.
 */
final class TransactionCommands {
  private final Handlers handlers;
  private final KeyCommands keys;

  TransactionCommands(Handlers handlers, KeyCommands keys) {
    this.handlers = handlers;
    this.keys = keys;
  }

  TransactionResult run(Transaction transaction, long now) {
    for (WatchedKey watched : transaction.getWatchedList()) {
      if (keys.versionOf(watched.getKey(), now) != watched.getVersion()) {
        return TransactionResult.newBuilder().setAborted(true).build();
      }
    }
    TransactionResult.Builder results = TransactionResult.newBuilder();
    for (TransactionStep step : transaction.getStepsList()) {
      results.addResults(step.hasWrite() ? StepResult.newBuilder().setWrite(write(step.getWrite(), now)).build()
          : read(step.getRead(), now));
    }
    return results.build();
  }

  private CommandResult write(LogCommand entry, long now) {
    return write(CommandTable.of(entry), entry, now);
  }

  private <Q extends Message, R extends Message> CommandResult write(WriteCommand<Q, R> command, LogCommand entry,
      long now) {
    try {
      return command.result(command.run(handlers, command.request(entry), now));
    } catch (CommandRejectedException e) {
      return CommandResult.newBuilder().setError(error(e)).build();
    }
  }

  private StepResult read(ReadStep step, long now) {
    return read((ReadCommand<?, ?>) CommandTable.named(step.getCommand()), step, now);
  }

  private <Q extends Message, R extends Message> StepResult read(ReadCommand<Q, R> command, ReadStep step, long now) {
    try {
      Q request = requestOf(command, step);
      return StepResult.newBuilder().setRead(command.run(handlers, request, now).toByteString()).build();
    } catch (CommandRejectedException e) {
      return StepResult.newBuilder().setReadError(error(e)).build();
    }
  }

  /** Every key the transaction watches or touches. */
  static List<ByteString> keysOf(Transaction transaction) {
    List<ByteString> keys = new ArrayList<>();
    transaction.getWatchedList().forEach(w -> keys.add(w.getKey()));
    for (TransactionStep step : transaction.getStepsList()) {
      keys.addAll(step.hasWrite() ? keysOf(CommandTable.of(step.getWrite()), step.getWrite())
          : keysOf((ReadCommand<?, ?>) CommandTable.named(step.getRead().getCommand()), step.getRead()));
    }
    return keys;
  }

  private static <Q extends Message> List<ByteString> keysOf(WriteCommand<Q, ?> command, LogCommand entry) {
    return command == null ? List.of() : command.keys(command.request(entry));
  }

  private static <Q extends Message> List<ByteString> keysOf(ReadCommand<Q, ?> command, ReadStep step) {
    return command == null ? List.of() : command.keys(requestOf(command, step));
  }

  /** The request of a read step, which the validator has already parsed once. */
  static <Q extends Message> Q requestOf(ReadCommand<Q, ?> command, ReadStep step) {
    try {
      return command.parseRequest(step.getRequest());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a read step the validator passed is unreadable", e);
    }
  }

  private static CommandError error(CommandRejectedException e) {
    return CommandError.newBuilder().setCode(e.code()).setMessage(e.getMessage()).build();
  }
}
