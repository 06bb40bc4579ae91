package io.raftcache.chaos.check;

import io.raftcache.chaos.history.Op;
import java.util.Objects;

/**
 * A single register with read, write and compare-and-set, the sequential specification a key of
 * the cache must follow. CAS in the cache is on a version; every written value is unique, so a
 * version stands for exactly one value and CAS(version) is CAS(the value read with it).
 */
final class RegisterModel {
  private RegisterModel() {}

  /** Whether {@code op} can happen with the register at {@code before}, and the value after. */
  record Step(boolean legal, String after) {}

  static Step step(String before, Op op) {
    return switch (op.kind()) {
      case READ -> new Step(Objects.equals(before, op.output()), before);
      case WRITE -> new Step(true, op.input());
      case CAS -> cas(before, op);
      case INCR -> throw new IllegalArgumentException("counters are checked by count, not as registers");
    };
  }

  private static Step cas(String before, Op op) {
    boolean holds = Objects.equals(before, op.expected());
    if (op.outcome() == Op.Outcome.UNKNOWN) {
      // If it happened at all, it did what the state at that point dictates.
      return new Step(true, holds ? op.input() : before);
    }
    boolean applied = Boolean.parseBoolean(op.output());
    return new Step(applied == holds, applied ? op.input() : before);
  }
}
