package io.raftcache.node.resp;

/** Sorted-set scores as Redis writes and reads them. */
final class Scores {
  private Scores() {}

  /** As Redis prints a score: "3" for a whole number, "1.5", "inf", "-inf". */
  static String format(double score) {
    if (Double.isInfinite(score)) {
      return score > 0 ? "inf" : "-inf";
    }
    if (score == Math.rint(score) && Math.abs(score) < 1e17) {
      return Long.toString((long) score);
    }
    return Double.toString(score);
  }

  /** A score argument: a number, "inf", "+inf" or "-inf"; null if it is none (nan included). */
  static Double parse(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (text.isEmpty() || Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
      return null;
    }
    try {
      double value = Double.parseDouble(text);
      boolean javaOnlySyntax = text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")
          || text.contains("x") || text.contains("X");
      return Double.isNaN(value) || javaOnlySyntax ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
