package org.apache.ratis.server.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.junit.jupiter.api.Test;

/**
 * Why raftcache keeps Ratis 3.3.0's "append-entries compose" off ({@code RaftSettings}): with it,
 * a follower that receives a second append starting at the same index as one still queued answers
 * it with the queued append's future, so it acknowledges entries it never writes. The leader then
 * counts the follower for entries it does not hold (a commit without a real majority) and its
 * match index runs past the follower's log, the symptom the chaos suite once caught. Lives in
 * Ratis's package because the class under test is package-private there.
 */
class AppendEntriesComposeTest {
  @Test
  void compose_acknowledgesEntriesItNeverAppended() {
    ServerImplUtils.NavigableIndices queued = new ServerImplUtils.NavigableIndices();
    List<Long> written = new ArrayList<>();
    CompletableFuture<Void> firstWrite = new CompletableFuture<>();

    CompletableFuture<Void> first = queued.append(entries(151, 152), es -> {
      es.forEach(e -> written.add(e.getIndex()));
      return firstWrite;
    });
    // The leader resends from the same index with more entries (after a reset or INCONSISTENCY).
    CompletableFuture<Void> second = queued.append(entries(151, 155), es -> {
      es.forEach(e -> written.add(e.getIndex()));
      return CompletableFuture.completedFuture(null);
    });
    firstWrite.complete(null);

    assertThat(first).isDone();
    assertThat(second).as("the follower would now reply SUCCESS, match index 155").isDone();
    assertThat(written).as("but only 151 and 152 were ever written").containsExactly(151L, 152L);
  }

  private static List<LogEntryProto> entries(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(i -> LogEntryProto.newBuilder().setTerm(2).setIndex(i).build())
        .toList();
  }
}
