package io.raftcache.node.keyspace;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * Keys new to the keyspace, oldest first, waiting to be judged by TinyLFU's admission: once a key
 * has left the window (the newest {@link #WINDOW_SHARE} of the keyspace's size, where a key can
 * earn its first requests), the leader compares it with the victim it sampled, and the one worth
 * less (asked for less often lately) goes. A key asked for once and never again (a scan, the long
 * tail of a Zipf workload) is then the one evicted, not a key many clients use.
 *
 * <p>Every node records arrivals as it applies writes, but only a leader judges them, so the
 * queue is bounded: past {@link #MAX_SHARE} of the keyspace the oldest count as admitted.
 */
final class Arrivals {
  static final double WINDOW_SHARE = 0.01;
  static final double MAX_SHARE = 0.1;
  private static final int MIN_WINDOW = 16;

  private final ArrayDeque<Key> queue = new ArrayDeque<>();

  /** Records that {@code key} was created, in a keyspace of {@code keys} keys. */
  void add(Key key, long keys) {
    queue.addLast(key);
    while (queue.size() > MIN_WINDOW + keys * MAX_SHARE) {
      queue.pollFirst();
    }
  }

  /**
   * The oldest arrival past the window that is still {@code stored}, taken off the queue (it is
   * judged now); null if none is past the window.
   */
  Key nextToJudge(long keys, Predicate<Key> stored) {
    while (queue.size() > MIN_WINDOW + keys * WINDOW_SHARE) {
      Key oldest = queue.pollFirst();
      if (stored.test(oldest)) {
        return oldest;
      }
    }
    return null;
  }
}
