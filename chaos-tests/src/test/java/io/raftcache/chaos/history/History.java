package io.raftcache.chaos.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every operation and fault of a run, recorded as it happens, from many threads. */
public final class History {
  /** A fault as it happened: injected at one time, healed at another (monotonic nanoseconds). */
  public record FaultEvent(String scenario, String fault, String target, long injectedNanos, long healedNanos) {}

  private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<FaultEvent> faults = new ConcurrentLinkedQueue<>();
  private final long startNanos = System.nanoTime();

  public void add(Op op) {
    ops.add(op);
  }

  public void add(FaultEvent fault) {
    faults.add(fault);
  }

  /** The operations recorded so far, by invocation time. */
  public List<Op> ops() {
    List<Op> list = new ArrayList<>(ops);
    list.sort(Comparator.comparingLong(Op::invokeNanos));
    return list;
  }

  public List<FaultEvent> faults() {
    List<FaultEvent> list = new ArrayList<>(faults);
    list.sort(Comparator.comparingLong(FaultEvent::injectedNanos));
    return list;
  }

  /** When the run started, the zero of every chart. */
  public long startNanos() {
    return startNanos;
  }
}
