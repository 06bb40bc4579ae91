package io.raftcache.client;

/**
 * How a ZADD behaves, as in Redis: NX (only add), XX (only update), GT / LT (only move the score
 * up / down), CH (count changed members too). Immutable; each method returns a changed copy.
 */
public final class ZAddOptions {
  enum Condition { ALWAYS, IF_ABSENT, IF_PRESENT }

  enum Comparison { ANY, GREATER, LESS }

  private static final ZAddOptions NONE = new ZAddOptions(Condition.ALWAYS, Comparison.ANY, false);

  private final Condition condition;
  private final Comparison comparison;
  private final boolean countChanged;

  private ZAddOptions(Condition condition, Comparison comparison, boolean countChanged) {
    this.condition = condition;
    this.comparison = comparison;
    this.countChanged = countChanged;
  }

  public static ZAddOptions none() {
    return NONE;
  }

  /** NX: only add new members, never update existing ones. */
  public ZAddOptions onlyIfAbsent() {
    checkNoComparison();
    return new ZAddOptions(Condition.IF_ABSENT, comparison, countChanged);
  }

  /** XX: only update existing members, never add. */
  public ZAddOptions onlyIfPresent() {
    return new ZAddOptions(Condition.IF_PRESENT, comparison, countChanged);
  }

  /** GT: update an existing member only if the new score is greater. */
  public ZAddOptions onlyIfGreater() {
    checkNotAbsent();
    return new ZAddOptions(condition, Comparison.GREATER, countChanged);
  }

  /** LT: update an existing member only if the new score is less. */
  public ZAddOptions onlyIfLess() {
    checkNotAbsent();
    return new ZAddOptions(condition, Comparison.LESS, countChanged);
  }

  /** CH: count members whose score changed as well as those added. */
  public ZAddOptions countChanged() {
    return new ZAddOptions(condition, comparison, true);
  }

  Condition condition() {
    return condition;
  }

  Comparison comparison() {
    return comparison;
  }

  boolean isCountChanged() {
    return countChanged;
  }

  private void checkNoComparison() {
    if (comparison != Comparison.ANY) {
      throw new IllegalArgumentException("NX cannot be combined with GT or LT");
    }
  }

  private void checkNotAbsent() {
    if (condition == Condition.IF_ABSENT) {
      throw new IllegalArgumentException("GT and LT cannot be combined with NX");
    }
  }
}
