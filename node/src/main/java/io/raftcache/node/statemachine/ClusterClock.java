package io.raftcache.node.statemachine;

/**
 * The cluster's time, as every replica applies it: the leaders' stamps, in log order. It never
 * runs backwards (a new leader whose clock lags does not bring expired keys back), and within one
 * term it moves at most {@link #MAX_STEP_MILLIS} per entry, so that one entry stamped far ahead
 * (a forged one, or a leader's clock gone wrong) cannot expire every key and every client's
 * retry record at once. The first stamp of a new term may move it freely: after the whole
 * cluster was down, a new leader brings the clock up to date in one step. Deterministic: it
 * depends only on the entries, so every replica agrees.
 */
public final class ClusterClock {
  /** The most one entry may move the clock within a term. */
  public static final long MAX_STEP_MILLIS = 120_000;
  /**
   * The leader proposes a tick (an entry carrying only its time) once the cluster's clock is
   * this far behind its own, so that on an idle cluster the next write never needs a larger step
   * than {@link #MAX_STEP_MILLIS}, even at the longest expiry scan interval (60 s).
   */
  public static final long TICK_AFTER_MILLIS = 10_000;

  /** Written by the apply thread only (under the state's lock), read by any thread. */
  private volatile long millis;
  private long term;

  /** Applies one entry's stamp; returns the cluster's time for that entry. */
  long advance(long entryTerm, long stampMillis) {
    long limit = entryTerm > term || millis > Long.MAX_VALUE - MAX_STEP_MILLIS ? Long.MAX_VALUE : millis + MAX_STEP_MILLIS;
    millis = Math.max(millis, Math.min(stampMillis, limit));
    term = Math.max(term, entryTerm);
    return millis;
  }

  long millis() {
    return millis;
  }

  long term() {
    return term;
  }

  void restore(long restoredMillis, long restoredTerm) {
    millis = restoredMillis;
    term = restoredTerm;
  }
}
