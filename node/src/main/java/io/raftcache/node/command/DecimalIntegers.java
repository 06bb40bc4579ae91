package io.raftcache.node.command;

import io.raftcache.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Values read and written as signed 64-bit decimal integers, for INCRBY and HINCRBY. */
final class DecimalIntegers {
  private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,18}");

  private DecimalIntegers() {}

  /** The value of {@code bytes}, or a NOT_AN_INTEGER rejection. */
  static long parse(byte[] bytes) {
    if (bytes.length <= 20) {
      String text = new String(bytes, StandardCharsets.US_ASCII);
      if (INTEGER.matcher(text).matches()) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
          // falls through to the rejection below
        }
      }
    }
    throw new CommandRejectedException(ErrorCode.ERROR_CODE_NOT_AN_INTEGER,
        "value is not a 64-bit decimal integer");
  }

  /** {@code before + delta}, or an OVERFLOW rejection. */
  static long add(long before, long delta) {
    try {
      return Math.addExact(before, delta);
    } catch (ArithmeticException e) {
      throw new CommandRejectedException(ErrorCode.ERROR_CODE_OVERFLOW,
          "increment or decrement would overflow a signed 64-bit integer");
    }
  }

  static byte[] format(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
