package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadBarrierTest {
  private final List<CompletableFuture<Object>> confirmations = new ArrayList<>();
  private final ReadBarrier barrier = new ReadBarrier(() -> {
    CompletableFuture<Object> c = new CompletableFuture<>();
    confirmations.add(c);
    return c;
  });

  @Test
  void readsArrivingDuringAConfirmation_waitForTheNextOne_whichServesThemAll() {
    CompletableFuture<Void> first = barrier.await();
    CompletableFuture<Void> second = barrier.await();
    CompletableFuture<Void> third = barrier.await();
    assertThat(confirmations).hasSize(1);

    confirmations.get(0).complete(null);

    assertThat(first).isCompleted();
    assertThat(second).as("arrived after the first confirmation began").isNotCompleted();
    assertThat(confirmations).hasSize(2);
    confirmations.get(1).complete(null);
    assertThat(second).isCompleted();
    assertThat(third).isCompleted();
    assertThat(confirmations).hasSize(2);
  }

  @Test
  void aFailedConfirmation_failsItsReads_andTheNextReadStartsAFreshOne() {
    CompletableFuture<Void> read = barrier.await();

    confirmations.get(0).completeExceptionally(new IllegalStateException("not leader"));

    assertThat(read).isCompletedExceptionally();
    CompletableFuture<Void> later = barrier.await();
    assertThat(confirmations).hasSize(2);
    confirmations.get(1).complete(null);
    assertThat(later).isCompleted();
  }
}
