package io.raftcache.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads "30s", "500ms", "2m", "1h", "7d", or a bare number of seconds (as Redis's EXPIRE). */
public final class DurationParser implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?");

  @Override
  public Duration convert(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (text.trim().startsWith("-") && FORM.matcher(text.trim().substring(1)).matches()) {
      throw new TypeConversionException("'" + text + "' is negative: a duration must be positive");
    }
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 1d, or seconds)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
