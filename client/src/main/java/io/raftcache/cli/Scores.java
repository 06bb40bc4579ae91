package io.raftcache.cli;

import java.math.BigDecimal;

/** Scores as the CLI reads and prints them, in Redis's spelling ({@code inf}, {@code -inf}, {@code 1.5}). */
final class Scores {
  private Scores() {}

  /** A score argument; throws IllegalArgumentException naming {@code what} if it is not one. */
  static double parse(String text, String what) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          double score = Double.parseDouble(text);
          if (!Double.isNaN(score) && !Double.isInfinite(score)) {
            return score;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not a score (a number, inf or -inf)");
      }
    }
  }

  static String format(double score) {
    if (Double.isInfinite(score)) {
      return score > 0 ? "inf" : "-inf";
    }
    return BigDecimal.valueOf(score).stripTrailingZeros().toPlainString();
  }
}
