package io.raftcache.client;

/**
 * A range of sorted-set scores: each end inclusive or exclusive, possibly infinite. {@link #parse}
 * reads Redis's syntax: {@code 5}, {@code (5} (exclusive), {@code -inf}, {@code +inf}.
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
  public ScoreRange {
    if (Double.isNaN(min) || Double.isNaN(max)) {
      throw new IllegalArgumentException("a score range cannot have a NaN bound");
    }
  }

  /** Every score. */
  public static ScoreRange all() {
    return new ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
  }

  /** From {@code min} to {@code max}, both included. */
  public static ScoreRange closed(double min, double max) {
    return new ScoreRange(min, false, max, false);
  }

  /** A range in Redis's syntax, e.g. {@code parse("(10", "+inf")}. */
  public static ScoreRange parse(String min, String max) {
    return new ScoreRange(bound(min, "min"), min.startsWith("("), bound(max, "max"), max.startsWith("("));
  }

  private static double bound(String text, String name) {
    String number = text.startsWith("(") ? text.substring(1) : text;
    switch (number.toLowerCase(java.util.Locale.ROOT)) {
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "+inf":
      case "inf":
        return Double.POSITIVE_INFINITY;
      default:
        try {
          double value = Double.parseDouble(number);
          if (!Double.isNaN(value)) {
            return value;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new IllegalArgumentException(name + ": '" + text + "' is not a score (a number, (number, -inf or +inf)");
    }
  }
}
