package io.raftcache.node.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoresTest {
  @Test
  void format_printsAsRedis70Does() {
    // Each expected text was printed by redis-server 7.0.15 for the same score.
    assertThat(Scores.format(0.1)).isEqualTo("0.10000000000000001");
    assertThat(Scores.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(Scores.format(1e20)).isEqualTo("1e+20");
    assertThat(Scores.format(1e-5)).isEqualTo("1.0000000000000001e-05");
    assertThat(Scores.format(3.0e-4)).isEqualTo("0.00029999999999999997");
    assertThat(Scores.format(-0.5)).isEqualTo("-0.5");
    assertThat(Scores.format(0)).isEqualTo("0");
    assertThat(Scores.format(100)).isEqualTo("100");
    assertThat(Scores.format(123456789.125)).isEqualTo("123456789.125");
    assertThat(Scores.format(12345678901234567.0)).isEqualTo("12345678901234568");
    assertThat(Scores.format(1.5e16)).isEqualTo("15000000000000000");
    assertThat(Scores.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(Scores.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
  }

  @Test
  void parse_acceptsRedisNumbers_andRefusesJavasExtras() {
    assertThat(Scores.parse("1.5")).isEqualTo(1.5);
    assertThat(Scores.parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Scores.parse("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Scores.parse("1e3")).isEqualTo(1000.0);
    assertThat(Scores.parse("nan")).isNull();
    assertThat(Scores.parse("1d")).isNull();
    assertThat(Scores.parse(" 1")).isNull();
    assertThat(Scores.parse("abc")).isNull();
  }
}
