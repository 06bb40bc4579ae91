package io.raftcache.node.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  private static String incr(String value, String increment) {
    BigDecimal before = value == null ? BigDecimal.ZERO : Decimals.parse(value.getBytes(StandardCharsets.US_ASCII));
    return Decimals.format(Decimals.add(before, increment));
  }

  @Test
  void sums_printAsRedis70PrintsThem() {
    // Each expected text was printed by redis-server 7.0.15 (amd64) for the same INCRBYFLOAT.
    assertThat(incr("10", "0.1")).isEqualTo("10.1");
    assertThat(incr("-9223372036854775808", "1.5e-3")).isEqualTo("-9223372036854775808");
    assertThat(incr("3.0", "0")).isEqualTo("3");
    assertThat(incr("0.1", "0.2")).isEqualTo("0.3");
    assertThat(incr("-0.1", "0.1")).isEqualTo("0");
    assertThat(incr("5.0e3", "2.5e-1")).isEqualTo("5000.25");
    assertThat(incr(null, "1e300")).isEqualTo("1000000000000000000008997324079559193870523944273290747938260082321265"
        + "646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653"
        + "294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105"
        + "690089424915104006144");
  }

  @Test
  void notNumbersAndOverflow_areRefusedAsRedisWordsThem() {
    assertThatThrownBy(() -> incr("abc", "1")).hasMessage("value is not a valid float");
    assertThatThrownBy(() -> incr("1", "x")).hasMessage("value is not a valid float");
    assertThatThrownBy(() -> incr("1", "inf")).hasMessage("increment would produce NaN or Infinity");
    assertThatThrownBy(() -> incr("1e4932", "1e4932")).hasMessage("increment would produce NaN or Infinity");
  }
}
