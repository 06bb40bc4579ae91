package io.raftcache.chaos.check;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.raftcache.chaos.history.HistoryFile;
import io.raftcache.chaos.history.Op;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks a failed run's saved history again and prints, for each register that is not
 * linearizable, the operations around the one the search could not place. Runs only when asked:
 * {@code mvn -pl chaos-tests test -Dtest=RecheckHistoryTest -Dhistory=target/chaos-history-NAME.jsonl}.
 */
class RecheckHistoryTest {
  private static final int SHOWN = 60;

  @Test
  void recheck() throws Exception {
    String file = System.getProperty("history");
    assumeThat(file).as("-Dhistory=FILE names a history to check").isNotNull();
    var registers = HistoryFile.read(Path.of(file)).stream()
        .filter(op -> op.kind() != Op.Kind.INCR && op.key().contains("-reg-")).toList();
    var result = new LinearizabilityChecker(60_000).check(registers);
    System.out.printf("%d registers, %d operations: %d not linearizable, %d undecided%n", result.keysChecked(),
        result.opsChecked(), result.violations().size(), result.undecidedKeys().size());
    for (var v : result.violations()) {
      System.out.println(v.key() + ": " + v.explanation());
      v.aroundStuck(SHOWN).forEach(op -> System.out.println("  " + op + (op.error() == null ? "" : " " + op.error())));
    }
  }
}
