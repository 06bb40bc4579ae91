package io.raftcache.node.command;

import io.raftcache.proto.v1.ErrorCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * INCRBYFLOAT's numbers. Redis reads them with strtold and adds them as x87 long doubles (a 64-bit
 * significand), then prints the sum with 17 decimal places, trailing zeros dropped. raftcache does
 * the same rounding in exact arithmetic: deterministic on every replica, and equal to Redis's
 * result whenever the platform's long double is the x87 one (as on the amd64 Linux Redis is built
 * for).
 */
final class Decimals {
  static final int MAX_CHARS = 5_000;
  /** Decimal numbers with an optional exponent; hexadecimal ones are not taken. */
  private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  /** Long double's largest finite magnitude is about 1.19e4932; at or past this, Redis answers NaN/Infinity. */
  private static final BigDecimal LIMIT = new BigDecimal("1.18973149535723176502e4932");
  private static final int SIGNIFICAND_BITS = 64;

  private Decimals() {}

  /** The stored value, as strtold would read it; refused as Redis does if it is not a number. */
  static BigDecimal parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (bytes.length > MAX_CHARS || !NUMBER.matcher(text).matches()) {
      throw notAFloat();
    }
    return finite(rounded(new BigDecimal(text)));
  }

  /** {@code before + increment} as Redis's long double sum. */
  static BigDecimal add(BigDecimal before, String increment) {
    String lower = increment.toLowerCase(Locale.ROOT);
    if (lower.matches("[+-]?(inf|infinity)")) {
      throw overflow();
    }
    BigDecimal delta = parse(increment.getBytes(StandardCharsets.US_ASCII));
    return finite(rounded(before.add(delta)));
  }

  /** As Redis prints it: 17 decimal places, trailing zeros dropped, no exponent. */
  static String format(BigDecimal value) {
    BigDecimal printed = value.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return printed.signum() == 0 ? "0" : printed.toPlainString();
  }

  /** {@code x} rounded to the nearest number with a 64-bit binary significand (ties to even). */
  static BigDecimal rounded(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    // |x| = n / d exactly, with n and d integers
    BigInteger n = x.unscaledValue().abs();
    BigInteger d = BigInteger.ONE;
    if (x.scale() > 0) {
      d = BigInteger.TEN.pow(x.scale());
    } else {
      n = n.multiply(BigInteger.TEN.pow(-x.scale()));
    }
    // exponent e with 2^63 <= n / d / 2^e < 2^64
    int e = n.bitLength() - d.bitLength() - SIGNIFICAND_BITS;
    BigInteger m;
    while (true) {
      BigInteger num = e < 0 ? n.shiftLeft(-e) : n;
      BigInteger den = e > 0 ? d.shiftLeft(e) : d;
      BigInteger[] qr = num.divideAndRemainder(den);
      int half = qr[1].shiftLeft(1).compareTo(den);
      m = qr[0];
      if (half > 0 || (half == 0 && m.testBit(0))) {
        m = m.add(BigInteger.ONE);
      }
      if (m.bitLength() > SIGNIFICAND_BITS) {
        e++;
      } else if (m.bitLength() < SIGNIFICAND_BITS && qr[0].bitLength() < SIGNIFICAND_BITS) {
        e--;
      } else {
        break;
      }
    }
    BigDecimal magnitude = e >= 0 ? new BigDecimal(m.shiftLeft(e))
        : new BigDecimal(m).divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
    return x.signum() < 0 ? magnitude.negate() : magnitude;
  }

  private static BigDecimal finite(BigDecimal value) {
    if (value.abs().compareTo(LIMIT) > 0) {
      throw overflow();
    }
    return value;
  }

  private static CommandRejectedException notAFloat() {
    return new CommandRejectedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "value is not a valid float");
  }

  private static CommandRejectedException overflow() {
    return new CommandRejectedException(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "increment would produce NaN or Infinity");
  }
}
