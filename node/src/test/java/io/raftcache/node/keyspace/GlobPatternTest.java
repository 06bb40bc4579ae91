package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlobPatternTest {
  private static boolean matches(String glob, String key) {
    return GlobPattern.compile(glob).test(Key.wrap(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void starAndQuestionMark_matchAnyBytesAndOneByte() {
    assertThat(matches("user:*", "user:42")).isTrue();
    assertThat(matches("user:*", "order:1")).isFalse();
    assertThat(matches("h?llo", "hello")).isTrue();
    assertThat(matches("h?llo", "heello")).isFalse();
    assertThat(matches("*", "line\nbreak")).isTrue();
  }

  @Test
  void classes_rangesNegationAndEscapes() {
    assertThat(matches("h[ae]llo", "hallo")).isTrue();
    assertThat(matches("h[^e]llo", "hello")).isFalse();
    assertThat(matches("k[0-9]", "k7")).isTrue();
    assertThat(matches("k[0-9]", "kx")).isFalse();
    assertThat(matches("a\\*b", "a*b")).isTrue();
    assertThat(matches("a\\*b", "axb")).isFalse();
  }

  @Test
  void regexCharacters_areLiterals() {
    assertThat(matches("a.b(c)+", "a.b(c)+")).isTrue();
    assertThat(matches("a.b", "axb")).isFalse();
    assertThat(matches("[.]", "x")).isFalse();
  }

  @Test
  void unfinishedClassOrEscape_isAnErrorThatSaysWhere() {
    assertThatThrownBy(() -> GlobPattern.compile("a[bc")).hasMessageContaining("offset 1");
    assertThatThrownBy(() -> GlobPattern.compile("ab\\")).hasMessageContaining("escape");
  }

  @Test
  void escapesInClasses_andReversedRanges_followRedis() {
    assertThat(matches("[a\\-z]", "-")).isTrue();
    assertThat(matches("[a\\-z]", "b")).isFalse();
    assertThat(matches("[\\]]", "]")).isTrue();
    assertThat(matches("k[z-a]", "km")).isTrue();
  }

  @Test
  void manyStars_onALongKey_matchInLinearTime() {
    String key = "a".repeat(8000);
    long start = System.nanoTime();

    boolean matched = matches("*a*a*a*a*a*a*a*a*a*b", key);

    assertThat(matched).isFalse();
    // A backtracking regex takes minutes here; a linear matcher a few milliseconds.
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }
}
