package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.raftcache.node.command.Command;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.command.ReadCommand;
import io.raftcache.node.command.WriteCommand;
import io.raftcache.proto.internal.ReadStep;
import io.raftcache.proto.internal.StepResult;
import io.raftcache.proto.internal.Transaction;
import io.raftcache.proto.internal.TransactionResult;
import io.raftcache.proto.internal.TransactionStep;
import io.raftcache.proto.internal.WatchedKey;
import io.raftcache.proto.v1.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What EXEC runs: the queued commands parsed by their own handlers, each either a step of the
 * command table (collected here instead of being executed) or a reply known at once (PING, or an
 * argument error, which Redis too reports inside EXEC's reply); then their replies, in order.
 */
final class ExecPlan {
  private sealed interface Item permits Step, Fixed {}

  private record Step<Q extends Message, R extends Message>(Command<Q, R> command, Q request,
      Function<R, Reply> reply, Map<ErrorCode, String> errors) implements Item {}

  private record Fixed(Reply reply) implements Item {}

  private final List<Item> items = new ArrayList<>();

  <Q extends Message, R extends Message> void add(Command<Q, R> command, Q request, Function<R, Reply> reply,
      Map<ErrorCode, String> errors) {
    items.add(new Step<>(command, request, reply, errors));
  }

  void add(Reply fixed) {
    items.add(new Fixed(fixed));
  }

  int size() {
    return items.size();
  }

  Transaction transaction(Map<ByteString, Long> watched) {
    Transaction.Builder transaction = Transaction.newBuilder();
    watched.forEach((key, version) -> transaction.addWatched(WatchedKey.newBuilder().setKey(key).setVersion(version)));
    for (Item item : items) {
      if (item instanceof Step<?, ?> step) {
        transaction.addSteps(stepOf(step));
      }
    }
    return transaction.build();
  }

  private static <Q extends Message, R extends Message> TransactionStep stepOf(Step<Q, R> step) {
    if (step.command() instanceof WriteCommand<Q, R> write) {
      return TransactionStep.newBuilder().setWrite(write.entry(step.request())).build();
    }
    return TransactionStep.newBuilder()
        .setRead(ReadStep.newBuilder().setCommand(step.command().name()).setRequest(step.request().toByteString()))
        .build();
  }

  /** EXEC's reply: null if a watched key changed, else each command's reply in order. */
  Reply reply(TransactionResult result) {
    if (result.getAborted()) {
      return Reply.NULL_ARRAY;
    }
    List<Reply> replies = new ArrayList<>();
    int next = 0;
    for (Item item : items) {
      if (item instanceof Fixed fixed) {
        replies.add(fixed.reply());
      } else {
        replies.add(replyOf((Step<?, ?>) item, result.getResults(next++)));
      }
    }
    return Reply.array(replies);
  }

  private static <Q extends Message, R extends Message> Reply replyOf(Step<Q, R> step, StepResult result) {
    if (step.command() instanceof WriteCommand<Q, R> write) {
      if (result.getWrite().hasError()) {
        return RespNode.errorOf(failure(result.getWrite().getError()), step.errors());
      }
      return step.reply().apply(write.result(result.getWrite()));
    }
    if (result.hasReadError()) {
      return RespNode.errorOf(failure(result.getReadError()), step.errors());
    }
    return step.reply().apply(parse((ReadCommand<Q, R>) step.command(), result.getRead()));
  }

  private static <R extends Message> R parse(ReadCommand<?, R> command, ByteString bytes) {
    try {
      return command.parseResult(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("an unreadable " + command.name() + " result", e);
    }
  }

  private static CommandFailedException failure(io.raftcache.proto.internal.CommandError error) {
    return new CommandFailedException(error.getCode(), error.getMessage());
  }
}
