package io.raftcache.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed run's history file must read back as the history that failed, to be checked again. */
class HistoryFileTest {
  @TempDir
  Path dir;

  @Test
  void historyReadsBackAsWritten() throws Exception {
    List<Op> ops = List.of(
        new Op(1, Op.Kind.WRITE, "k", "p1-1", null, null, Op.Outcome.OK, 10, 20, null),
        new Op(2, Op.Kind.CAS, "k", "p2-1", "p1-1", "true", Op.Outcome.UNKNOWN, 15, Long.MAX_VALUE, "timeout"),
        new Op(3, Op.Kind.READ, "k", null, null, null, Op.Outcome.OK, 30, 31, null));
    Path file = dir.resolve("history.jsonl");
    HistoryFile.write(file, ops);
    assertThat(HistoryFile.read(file)).isEqualTo(ops);
  }
}
