package io.raftcache.chaos.check;

import io.raftcache.chaos.check.ScenarioResult.FaultResult;
import io.raftcache.chaos.history.History.FaultEvent;
import io.raftcache.chaos.history.Op;
import io.raftcache.chaos.history.Op.Kind;
import io.raftcache.chaos.history.Op.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The checks run after every scenario, over its history and what the cluster holds at the end. */
public final class Checks {
  private Checks() {}

  /** From injection to the first success of a {@code kind} invoked after it, or -1. */
  public static FaultResult unavailability(FaultEvent fault, List<Op> ops, long originNanos) {
    return new FaultResult(fault.fault(), fault.target(),
        millis(fault.injectedNanos() - originNanos), millis(fault.healedNanos() - originNanos),
        firstSuccessAfter(fault.injectedNanos(), ops, Op::isWrite),
        firstSuccessAfter(fault.injectedNanos(), ops, op -> op.kind() == Kind.READ),
        longestWait(fault.injectedNanos(), fault.healedNanos(), ops, Op::isWrite));
  }

  /**
   * The longest wait of an operation of {@code kind} invoked between the two times that ended,
   * acknowledged or failed (one whose outcome never came is counted as unknown, not here).
   */
  private static long longestWait(long from, long to, List<Op> ops, Predicate<Op> kind) {
    return ended(from, to, ops, kind)
        .mapToLong(op -> millis(op.completeNanos() - op.invokeNanos()))
        .max()
        .orElse(-1);
  }

  /** The {@code n} writes that waited longest during the fault, the longest first: what the column's figure is made of. */
  public static List<Op> slowestWrites(FaultEvent fault, List<Op> ops, int n) {
    return ended(fault.injectedNanos(), fault.healedNanos(), ops, Op::isWrite)
        .sorted(Comparator.comparingLong((Op op) -> op.completeNanos() - op.invokeNanos()).reversed())
        .limit(n)
        .toList();
  }

  private static Stream<Op> ended(long from, long to, List<Op> ops, Predicate<Op> kind) {
    return ops.stream()
        .filter(kind)
        .filter(op -> op.invokeNanos() >= from && op.invokeNanos() <= to && op.completeNanos() != Long.MAX_VALUE);
  }

  private static long firstSuccessAfter(long injected, List<Op> ops, Predicate<Op> kind) {
    return ops.stream()
        .filter(kind)
        .filter(op -> op.outcome() == Outcome.OK && op.invokeNanos() >= injected)
        .mapToLong(Op::completeNanos)
        .min()
        .stream()
        .map(done -> millis(done - injected))
        .findFirst()
        .orElse(-1);
  }

  /**
   * Acknowledged writes of fresh keys whose value is not what a final read returns, but for keys
   * the leader evicted (a memory limit at work).
   */
  public static List<String> lostWrites(List<Op> ops, String freshPrefix, Map<String, Optional<String>> finalValues,
      Set<String> evicted) {
    List<String> lost = new ArrayList<>();
    for (Op op : ops) {
      if (op.kind() == Kind.WRITE && op.outcome() == Outcome.OK && op.key().startsWith(freshPrefix)
          && !evicted.contains(op.key())
          && !finalValues.getOrDefault(op.key(), Optional.empty()).map(op.input()::equals).orElse(false)) {
        lost.add(op.key() + "=" + abbreviated(op.input()));
      }
    }
    return lost;
  }

  /** A value cut to its first 40 characters: padded values would flood a failure message. */
  private static String abbreviated(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }

  /** The counter against the increments: {lost, double-applied}. */
  public static long[] counterErrors(List<Op> ops, String counterKey, long finalValue) {
    long acked = ops.stream().filter(op -> op.kind() == Kind.INCR && op.key().equals(counterKey)
        && op.outcome() == Outcome.OK).count();
    long unknown = ops.stream().filter(op -> op.kind() == Kind.INCR && op.key().equals(counterKey)
        && op.outcome() == Outcome.UNKNOWN).count();
    return new long[] {Math.max(0, acked - finalValue), Math.max(0, finalValue - acked - unknown)};
  }

  /**
   * Under a quorum loss every write must fail clearly and in bounded time instead of hanging: over
   * the SDK with ClusterUnavailableException within its no-leader timeout, over the Redis protocol
   * with "ERR no leader" within the node's own wait for a leader ({@code respLeaderWait}), or at once
   * with a refused connection to a stopped node; each with 1.5 s to spare. A write still waiting
   * for a leader when healing began may instead succeed once the quorum is back, within the RESP
   * limit. Judged on writes invoked from 1 s after the fault until healing began; returns a note
   * starting with FAIL if any did otherwise, or if there were none to judge.
   */
  public static String failFast(FaultEvent outage, List<Op> ops, Duration noLeaderTimeout, Duration respLeaderWait) {
    long settled = outage.injectedNanos() + Duration.ofSeconds(1).toNanos();
    List<Op> during = ops.stream()
        .filter(op -> op.isWrite() && op.invokeNanos() >= settled && op.invokeNanos() < outage.healedNanos())
        .toList();
    long clear = during.stream()
        .filter(op -> {
          // A write still waiting for a leader when the quorum came back may then succeed, in time;
          // one acknowledged before that would have committed without a majority.
          Duration limit = op.outcome() == Outcome.OK ? (op.completeNanos() >= outage.healedNanos() ? respLeaderWait : null)
              : op.error() == null ? null
              : op.error().startsWith("ClusterUnavailable") ? noLeaderTimeout
              : op.error().startsWith("JedisDataException: ERR no leader") ? respLeaderWait
              : op.error().startsWith("NotConnected") ? Duration.ZERO : null;
          return limit != null && op.completeNanos() - op.invokeNanos() <= limit.plusMillis(1500).toNanos();
        })
        .count();
    long maxMillis = during.stream().mapToLong(op -> millis(op.completeNanos() - op.invokeNanos())).max().orElse(0);
    String verdict = !during.isEmpty() && clear == during.size() ? "ok" : "FAIL";
    return verdict + " quorum loss: " + clear + " of " + during.size() + " writes during the outage ended clearly"
        + " in time (SDK: ClusterUnavailableException within " + noLeaderTimeout.plusMillis(1500).toMillis()
        + " ms; RESP: ERR no leader within " + respLeaderWait.plusMillis(1500).toMillis()
        + " ms, or a refused connection; longest " + maxMillis + " ms)";
  }

  /**
   * The latency of acknowledged writes invoked during {@code fault} (median and 99th percentile)
   * against those of the scenario invoked while no fault was in place; a note starting with FAIL
   * if {@code mustKeepPace} and the median grew past twice the calm one (and by more than 20 ms).
   */
  public static String writeLatency(FaultEvent fault, List<FaultEvent> all, List<Op> ops, boolean mustKeepPace) {
    List<Op> acked = ops.stream().filter(op -> op.isWrite() && op.outcome() == Outcome.OK).toList();
    long[] during = latenciesMillis(acked.stream().filter(op -> within(op, fault)));
    long[] calm = latenciesMillis(acked.stream().filter(op -> all.stream().noneMatch(f -> within(op, f))));
    if (during.length == 0 || calm.length == 0) {
      return "FAIL " + fault.target() + ": no acknowledged writes to compare (" + during.length + " during, "
          + calm.length + " without a fault)";
    }
    long calmMedian = percentile(calm, 50);
    long median = percentile(during, 50);
    boolean keptPace = median <= Math.max(2 * calmMedian, calmMedian + 20);
    return (mustKeepPace && !keptPace ? "FAIL " : "") + fault.target() + ": write latency p50/p99 " + median + "/"
        + percentile(during, 99) + " ms during (" + during.length + " writes), " + calmMedian + "/"
        + percentile(calm, 99) + " ms without a fault";
  }

  private static boolean within(Op op, FaultEvent fault) {
    return op.invokeNanos() >= fault.injectedNanos() && op.invokeNanos() <= fault.healedNanos();
  }

  private static long[] latenciesMillis(Stream<Op> ops) {
    return ops.mapToLong(op -> millis(op.completeNanos() - op.invokeNanos())).sorted().toArray();
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
