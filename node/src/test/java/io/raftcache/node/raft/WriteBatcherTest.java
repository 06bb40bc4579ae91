package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.proto.internal.BatchResult;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.SetRequest;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
  /** Entries proposed, each with the future its result completes. */
  private final List<LogCommand> proposed = new ArrayList<>();
  private final List<CompletableFuture<CommandResult>> replies = new ArrayList<>();

  private CompletableFuture<CommandResult> propose(LogCommand entry) {
    proposed.add(entry);
    CompletableFuture<CommandResult> reply = new CompletableFuture<>();
    replies.add(reply);
    return reply;
  }

  private static LogCommand set(String key) {
    return LogCommand.newBuilder().setSet(SetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))).build();
  }

  private static CommandResult result(long value) {
    return CommandResult.newBuilder().setIncrBy(IncrByResponse.newBuilder().setValue(value)).build();
  }

  @Test
  void writesArrivingWhileAnEntryIsInFlight_goOutTogether_andEachGetsItsOwnResult() {
    WriteBatcher batcher = new WriteBatcher(this::propose, 1, 100, 1 << 20);
    CompletableFuture<CommandResult> first = batcher.write(set("a"));
    CompletableFuture<CommandResult> second = batcher.write(set("b"));
    CompletableFuture<CommandResult> third = batcher.write(set("c"));
    assertThat(proposed).hasSize(1).first().isEqualTo(set("a")); // alone: nothing was in flight

    replies.get(0).complete(result(1));

    assertThat(first.join()).isEqualTo(result(1));
    assertThat(proposed).hasSize(2);
    assertThat(proposed.get(1).getBatch().getCommandsList()).containsExactly(set("b"), set("c"));
    replies.get(1).complete(CommandResult.newBuilder()
        .setBatch(BatchResult.newBuilder().addResults(result(2)).addResults(result(3))).build());
    assertThat(second.join()).isEqualTo(result(2));
    assertThat(third.join()).isEqualTo(result(3));
  }

  @Test
  void aFailedEntry_failsEachOfItsWrites() {
    WriteBatcher batcher = new WriteBatcher(this::propose, 1, 100, 1 << 20);
    batcher.write(set("a"));
    CompletableFuture<CommandResult> b = batcher.write(set("b"));
    CompletableFuture<CommandResult> c = batcher.write(set("c"));
    replies.get(0).complete(result(1));

    replies.get(1).completeExceptionally(new IllegalStateException("not leader"));

    assertThat(b).isCompletedExceptionally();
    assertThat(c).isCompletedExceptionally();
    try {
      c.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).hasMessage("not leader");
    }
  }

  @Test
  void batchesRespectTheCommandAndByteLimits() {
    int oneCommandBytes = set("k0").getSerializedSize();
    WriteBatcher batcher = new WriteBatcher(this::propose, 1, 3, 2L * oneCommandBytes);
    for (int i = 0; i < 6; i++) {
      batcher.write(set("k" + i));
    }

    replies.get(0).complete(result(0));

    assertThat(proposed.get(1).getBatch().getCommandsCount()).isEqualTo(2); // bytes, not the count of 3, bound it
  }
}
