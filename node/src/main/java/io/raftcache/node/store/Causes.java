package io.raftcache.node.store;

import java.util.function.Predicate;

/** Questions about a failure's chain of causes. */
final class Causes {
  private Causes() {}

  /** Whether {@code failure} or any of its causes is one {@code test} accepts (false for null). */
  static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }
}
