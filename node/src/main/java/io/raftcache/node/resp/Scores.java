package io.raftcache.node.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Sorted-set scores as Redis writes and reads them. */
final class Scores {
  private Scores() {}

  /**
   * As Redis 7.0 prints a score: C's {@code %.17g} ("1", "0.10000000000000001", "1e+20"), and
   * "inf" / "-inf".
   */
  static String format(double score) {
    if (Double.isInfinite(score)) {
      return score > 0 ? "inf" : "-inf";
    }
    if (score == 0) {
      return 1 / score < 0 ? "-0" : "0";
    }
    BigDecimal rounded = new BigDecimal(score).round(SIGNIFICANT);
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= SIGNIFICANT.getPrecision()) {
      BigDecimal mantissa = rounded.movePointLeft(exponent);
      return strip(mantissa.toPlainString()) + (exponent < 0 ? "e-" : "e+")
          + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
    return strip(rounded.toPlainString());
  }

  private static final MathContext SIGNIFICANT = new MathContext(17, RoundingMode.HALF_EVEN);

  /** Without trailing zeros after a decimal point, nor the point itself if nothing follows it. */
  private static String strip(String number) {
    if (!number.contains(".")) {
      return number;
    }
    String trimmed = number.replaceAll("0+$", "");
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
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
