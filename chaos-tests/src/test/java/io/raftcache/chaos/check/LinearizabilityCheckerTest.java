package io.raftcache.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.history.Op;
import io.raftcache.chaos.history.Op.Kind;
import io.raftcache.chaos.history.Op.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker must reject the anomalies chaos tests look for, and accept every legal history. */
class LinearizabilityCheckerTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker(10_000);

  private static Op write(int p, String value, long from, long to) {
    return new Op(p, Kind.WRITE, "x", value, null, null, Outcome.OK, from, to, null);
  }

  private static Op unknownWrite(int p, String value, long from) {
    return new Op(p, Kind.WRITE, "x", value, null, null, Outcome.UNKNOWN, from, Long.MAX_VALUE, "timeout");
  }

  private static Op read(int p, String value, long from, long to) {
    return new Op(p, Kind.READ, "x", null, null, value, Outcome.OK, from, to, null);
  }

  private static Op cas(int p, String expected, String value, boolean applied, long from, long to) {
    return new Op(p, Kind.CAS, "x", value, expected, Boolean.toString(applied), Outcome.OK, from, to, null);
  }

  private boolean linearizable(Op... ops) {
    return checker.check(List.of(ops)).ok();
  }

  @Test
  void sequentialWritesAndReads_areLinearizable() {
    assertThat(linearizable(read(1, null, 0, 1), write(1, "a", 2, 3), read(2, "a", 4, 5), write(2, "b", 6, 7),
        read(1, "b", 8, 9))).isTrue();
  }

  @Test
  void staleRead_isRejected() {
    // b was acknowledged before the read began, yet the read returned a.
    assertThat(linearizable(write(1, "a", 0, 1), write(1, "b", 2, 3), read(2, "a", 4, 5))).isFalse();
  }

  @Test
  void lostWrite_isRejected() {
    assertThat(linearizable(write(1, "a", 0, 1), read(2, null, 2, 3))).isFalse();
  }

  @Test
  void readOfAValueNeverWritten_isRejected() {
    assertThat(linearizable(write(1, "a", 0, 1), read(2, "ghost", 2, 3))).isFalse();
  }

  @Test
  void readsGoingBackInTime_areRejected() {
    // Concurrent with the write, the first read may see b or a; but once a read saw b, a later read cannot see a.
    assertThat(linearizable(write(1, "a", 0, 1), write(1, "b", 2, 10), read(2, "b", 3, 4), read(3, "a", 5, 6))).isFalse();
  }

  @Test
  void readConcurrentWithAWrite_mayReturnEitherValue() {
    assertThat(linearizable(write(1, "a", 0, 1), write(1, "b", 2, 10), read(2, "a", 3, 4), read(3, "b", 5, 6))).isTrue();
    assertThat(linearizable(write(1, "a", 0, 1), write(1, "b", 2, 10), read(2, "b", 3, 4))).isTrue();
  }

  @Test
  void unknownWrite_mayHaveHappenedOrNot() {
    assertThat(linearizable(write(1, "a", 0, 1), unknownWrite(1, "b", 2), read(2, "a", 5, 6))).isTrue();
    assertThat(linearizable(write(1, "a", 0, 1), unknownWrite(1, "b", 2), read(2, "b", 5, 6))).isTrue();
    // ...but once seen, it cannot be unseen.
    assertThat(linearizable(write(1, "a", 0, 1), unknownWrite(1, "b", 2), read(2, "b", 5, 6), read(2, "a", 7, 8)))
        .isFalse();
  }

  @Test
  void unknownWrite_cannotTakeEffectBeforeItWasInvoked() {
    assertThat(linearizable(read(2, "b", 0, 1), unknownWrite(1, "b", 2))).isFalse();
  }

  @Test
  void cas_appliesOnlyWhenTheExpectedValueIsThere() {
    assertThat(linearizable(write(1, "a", 0, 1), cas(2, "a", "b", true, 2, 3), read(1, "b", 4, 5))).isTrue();
    assertThat(linearizable(write(1, "a", 0, 1), cas(2, "z", "b", false, 2, 3), read(1, "a", 4, 5))).isTrue();
    // A CAS that claims success although the value was not the expected one.
    assertThat(linearizable(write(1, "a", 0, 1), cas(2, "z", "b", true, 2, 3))).isFalse();
    // Two CASes from the same value cannot both succeed.
    assertThat(linearizable(write(1, "a", 0, 1), cas(2, "a", "b", true, 2, 5), cas(3, "a", "c", true, 2, 5))).isFalse();
  }

  @Test
  void failedOperations_areIgnored() {
    Op failed = new Op(1, Kind.WRITE, "x", "never", null, null, Outcome.FAILED, 0, 1, "invalid");
    assertThat(linearizable(failed, read(2, null, 2, 3))).isTrue();
  }

  @Test
  void violation_namesTheOpTheSearchCouldNotPlace() {
    Op stale = read(3, "a", 6, 7);
    var result = checker.check(List.of(write(1, "a", 0, 1), read(2, "a", 2, 3), write(1, "b", 4, 5), stale,
        read(2, "b", 8, 9)));
    assertThat(result.violations()).singleElement().satisfies(v -> {
      assertThat(v.stuckAt()).isEqualTo(stale);
      assertThat(v.explanation()).contains("at best 3 are placed, the register holding b");
      assertThat(v.aroundStuck(2)).containsExactly(write(1, "b", 4, 5), stale);
    });
  }

  @Test
  void keysAreCheckedApart() {
    Op onY = new Op(1, Kind.WRITE, "y", "a", null, null, Outcome.OK, 0, 1, null);
    var result = checker.check(List.of(onY, write(1, "a", 0, 1), read(2, null, 2, 3)));
    assertThat(result.violations()).extracting(LinearizabilityChecker.Violation::key).containsExactly("x");
    assertThat(result.keysChecked()).isEqualTo(2);
  }

  @Test
  void longConcurrentHistory_isDecidedQuickly() {
    // Five processes, each writing its own values and reading, heavily overlapping: legal by construction
    // (every read returns the value of the write it overlaps last), and large enough to need memoisation.
    List<Op> ops = new ArrayList<>();
    long t = 0;
    String last = null;
    for (int i = 0; i < 400; i++) {
      int p = i % 5;
      String v = "v" + i;
      ops.add(write(p, v, t, t + 3));
      ops.add(read((p + 1) % 5, last, t, t + 1));
      last = v;
      t += 2;
    }
    long start = System.nanoTime();
    assertThat(checker.check(ops).ok()).isTrue();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }
}
