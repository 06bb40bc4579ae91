package io.raftcache.chaos.check;

import io.raftcache.chaos.history.Op;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a history of operations on registers is linearizable: that some order of the
 * operations, consistent with real time (an operation that returned before another was invoked
 * comes first), explains every result with a single copy of each register.
 *
 * <p>The search is Wing and Gong's, with Lowe's memoisation (as in Porcupine and Knossos): walk
 * the history in time order, try to linearize each pending call, and remember every (set of
 * linearized operations, register value) already explored so no state is searched twice. Keys are
 * independent, so each key's history is checked alone.
 *
 * <p>Uncertainty: an operation whose outcome is unknown (a timeout) may have taken effect at any
 * time after its invocation, or never; it is given an infinite return time and may be left out.
 * Operations that certainly failed, and reads that failed, are dropped.
 */
public final class LinearizabilityChecker {
  /**
   * Why a key's history is not linearizable: the ops that could not all be explained, and the
   * furthest the search got: the op that could not be placed after the most ops it did place.
   */
  public record Violation(String key, List<Op> history, String explanation, Op stuckAt) {
    /** The {@code count} ops invoked nearest the one the search got stuck at, in invocation order. */
    public List<Op> aroundStuck(int count) {
      List<Op> byInvocation = history.stream().sorted(Comparator.comparingLong(Op::invokeNanos)).toList();
      int at = byInvocation.indexOf(stuckAt);
      int from = Math.max(0, Math.min(at - count / 2, byInvocation.size() - count));
      return byInvocation.subList(from, Math.min(byInvocation.size(), from + count));
    }
  }

  private static final long MEMO_BYTES = 256L << 20;

  private final long budgetNanos;

  /** @param budgetMillis search time allowed per key before giving up with "unknown" */
  public LinearizabilityChecker(long budgetMillis) {
    this.budgetNanos = budgetMillis * 1_000_000;
  }

  /** The outcome of checking a whole history. */
  public record Result(List<Violation> violations, List<String> undecidedKeys, int keysChecked, int opsChecked) {
    public boolean ok() {
      return violations.isEmpty() && undecidedKeys.isEmpty();
    }
  }

  public Result check(List<Op> history) {
    Map<String, List<Op>> byKey = history.stream()
        .filter(op -> op.kind() != Op.Kind.INCR)
        .filter(op -> op.outcome() != Op.Outcome.FAILED)
        .filter(op -> !(op.kind() == Op.Kind.READ && op.outcome() != Op.Outcome.OK))
        .collect(Collectors.groupingBy(Op::key));
    List<Violation> violations = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    int ops = 0;
    for (var e : byKey.entrySet()) {
      ops += e.getValue().size();
      Search search = new Search(e.getValue());
      switch (search.run()) {
        case LINEARIZABLE -> { }
        case NOT_LINEARIZABLE -> violations.add(new Violation(e.getKey(), e.getValue(),
            "no order of these " + e.getValue().size() + " operations explains every result; at best "
                + search.mostPlaced + " are placed, the register holding " + search.valueAtMost
                + ", and then this one cannot be: " + search.stuckAt, search.stuckAt));
        case UNDECIDED -> undecided.add(e.getKey());
      }
    }
    return new Result(violations, undecided, byKey.size(), ops);
  }

  enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNDECIDED }

  /** A call or return in the time-ordered, doubly linked history. */
  private static final class Entry {
    final int id;
    final Op op;
    final boolean isCall;
    final long time;
    Entry match;
    Entry prev;
    Entry next;

    Entry(int id, Op op, boolean isCall, long time) {
      this.id = id;
      this.op = op;
      this.isCall = isCall;
      this.time = time;
    }
  }

  private record Explored(BitSet linearized, String value) {}

  private record Frame(Entry call, String valueBefore) {}

  /** The test's entry point: the verdict on one key's history. */
  Verdict checkKey(List<Op> ops) {
    return new Search(ops).run();
  }

  /** One key's search, and how far it got. */
  private final class Search {
    private final List<Op> ops;
    /** The most operations linearized at once, and the register's value then. */
    int mostPlaced = -1;
    String valueAtMost;
    /** The operation whose return ended the search from its furthest point. */
    Op stuckAt;

    Search(List<Op> ops) {
      this.ops = ops;
    }

    Verdict run() {
      Entry head = buildList(ops);
      long deadline = System.nanoTime() + budgetNanos;
      Set<Explored> explored = new HashSet<>();
      // Each remembered state holds a bit per operation: bound the memory, not only the time.
      long maxExplored = MEMO_BYTES / (ops.size() / 8 + 64);
      List<Frame> stack = new ArrayList<>();
      BitSet linearized = new BitSet(ops.size());
      String value = null; // every register starts absent
      Entry entry = head.next;
      while (entry != null && !(entry.isCall == false && entry.time == Long.MAX_VALUE)) {
        if (System.nanoTime() > deadline || explored.size() > maxExplored) {
          return Verdict.UNDECIDED;
        }
        if (entry.isCall) {
          RegisterModel.Step step = RegisterModel.step(value, entry.op);
          if (step.legal()) {
            BitSet next = (BitSet) linearized.clone();
            next.set(entry.id);
            if (explored.add(new Explored(next, step.after()))) {
              stack.add(new Frame(entry, value));
              linearized = next;
              value = step.after();
              lift(entry);
              entry = head.next;
              continue;
            }
          }
          entry = entry.next;
        } else {
          // A return whose call is not linearized yet: undo the last choice and try the next one.
          if (stack.size() > mostPlaced) {
            mostPlaced = stack.size();
            valueAtMost = value;
            stuckAt = entry.op;
          }
          if (stack.isEmpty()) {
            return Verdict.NOT_LINEARIZABLE;
          }
          Frame top = stack.remove(stack.size() - 1);
          linearized = (BitSet) linearized.clone();
          linearized.clear(top.call().id);
          value = top.valueBefore();
          unlift(top.call());
          entry = top.call().next;
        }
      }
      // Empty, or only the returns of unknown operations left: those may never have happened.
      return Verdict.LINEARIZABLE;
    }
  }

  private static Entry buildList(List<Op> ops) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      long returned = op.outcome() == Op.Outcome.UNKNOWN ? Long.MAX_VALUE : op.completeNanos();
      Entry call = new Entry(i, op, true, op.invokeNanos());
      Entry ret = new Entry(i, op, false, returned);
      call.match = ret;
      ret.match = call;
      entries.add(call);
      entries.add(ret);
    }
    // At equal times calls go first: operations that touch are treated as concurrent.
    entries.sort(Comparator.<Entry>comparingLong(e -> e.time).thenComparing(e -> !e.isCall));
    Entry head = new Entry(-1, null, false, Long.MIN_VALUE);
    Entry last = head;
    for (Entry e : entries) {
      last.next = e;
      e.prev = last;
      last = e;
    }
    return head;
  }

  /** Takes a call and its return out of the list. */
  private static void lift(Entry call) {
    unlink(call);
    unlink(call.match);
  }

  private static void unlink(Entry e) {
    e.prev.next = e.next;
    if (e.next != null) {
      e.next.prev = e.prev;
    }
  }

  /** Puts them back, in reverse order of removal. */
  private static void unlift(Entry call) {
    relink(call.match);
    relink(call);
  }

  private static void relink(Entry e) {
    e.prev.next = e;
    if (e.next != null) {
      e.next.prev = e;
    }
  }
}
