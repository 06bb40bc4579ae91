package io.raftcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineWordsTest {
  @Test
  void split_onSpaces_keepsQuotedSpacesAndEscapes() {
    assertThat(CommandLineWords.split("  set  k   v ")).containsExactly("set", "k", "v");
    assertThat(CommandLineWords.split("set greeting \"hello world\"")).containsExactly("set", "greeting", "hello world");
    assertThat(CommandLineWords.split("set k 'it\\'s'")).containsExactly("set", "k", "it's");
    assertThat(CommandLineWords.split("set k \"a\\tb\\n\\\"c\\\" \\x41\"")).containsExactly("set", "k", "a\tb\n\"c\" A");
    assertThat(CommandLineWords.split("set k \"caf\u00e9 \u2603\"")).containsExactly("set", "k", "caf\u00e9 \u2603");
    assertThat(CommandLineWords.split("zadd board -inf alice")).containsExactly("zadd", "board", "-inf", "alice");
    assertThat(CommandLineWords.split("set k \"\"")).containsExactly("set", "k", "");
  }

  @Test
  void split_badQuotes_fails() {
    assertThatThrownBy(() -> CommandLineWords.split("set k \"open")).hasMessageContaining("unbalanced quotes");
    assertThatThrownBy(() -> CommandLineWords.split("set k \"a\"b")).hasMessageContaining("closing quote");
  }
}
