package io.raftcache.node.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class KeyScanTest {
  @Test
  void cursor_isANumberThatNamesTheKeyExactly() {
    for (String key : new String[] {"a", "user:42", "\u0000\u0000x", "\u00ff"}) {
      ByteString bytes = ByteString.copyFrom(key, java.nio.charset.StandardCharsets.ISO_8859_1);
      String number = KeyScan.numberOf(bytes);
      assertThat(number).matches("[1-9][0-9]*");
      assertThat(KeyScan.cursorOf(number)).isEqualTo(bytes);
    }
    assertThat(KeyScan.numberOf(ByteString.EMPTY)).isEqualTo("0");
    assertThat(KeyScan.cursorOf("0")).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void aCursorNoScanGave_isRefused() {
    assertThatThrownBy(() -> KeyScan.cursorOf("12")).hasMessage("ERR invalid cursor");
    assertThatThrownBy(() -> KeyScan.cursorOf("abc")).hasMessage("ERR invalid cursor");
    assertThatThrownBy(() -> KeyScan.cursorOf("-300")).hasMessage("ERR invalid cursor");
  }
}
