package io.raftcache.node.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(1 << 20));

  private List<Object> feed(String... pieces) {
    for (String piece : pieces) {
      channel.writeInbound(Unpooled.copiedBuffer(piece, StandardCharsets.ISO_8859_1));
    }
    List<Object> out = new ArrayList<>();
    for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
      out.add(m);
    }
    return out;
  }

  private static List<String> words(Object command) {
    return ((RespDecoder.Command) command).args().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aCommandCutAnywhere_isDecodedOnceWhole() {
    String frame = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n";
    for (int cut = 1; cut < frame.length(); cut++) {
      List<Object> out = feed(frame.substring(0, cut), frame.substring(cut));
      assertThat(out).as("cut at " + cut).hasSize(1);
      assertThat(words(out.get(0))).containsExactly("SET", "k", "hello");
    }
  }

  @Test
  void pipelinedAndInlineCommands_comeOutInOrder() {
    List<Object> out = feed("*1\r\n$4\r\nPING\r\nGET 'a b' \"c\\x41\\n\"\r\n*0\r\nECHO x\n");

    assertThat(out).hasSize(3);
    assertThat(words(out.get(0))).containsExactly("PING");
    assertThat(words(out.get(1))).containsExactly("GET", "a b", "cA\n");
    assertThat(words(out.get(2))).containsExactly("ECHO", "x");
  }

  @Test
  void malformedFrames_areProtocolErrors_andWhatFollowsIsDropped() {
    assertThat(feed("*1\r\n$-5\r\n*1\r\n$4\r\nPING\r\n"))
        .containsExactly(new RespDecoder.ProtocolError("ERR Protocol error: invalid bulk length"));
    assertThat(new RespDecoderTest().feed("GET \"open\r\n"))
        .containsExactly(new RespDecoder.ProtocolError("ERR Protocol error: unbalanced quotes in request"));
    assertThat(new RespDecoderTest().feed("*" + "9".repeat(30) + "\r\n"))
        .containsExactly(new RespDecoder.ProtocolError("ERR Protocol error: invalid multibulk length"));
    assertThat(new RespDecoderTest().feed("x".repeat(RespDecoder.MAX_INLINE_BYTES + 1)))
        .containsExactly(new RespDecoder.ProtocolError("ERR Protocol error: too big inline request"));
  }

  @Test
  void aBulkOverTheLimit_isRefusedFromItsLengthAlone() {
    assertThat(feed("*2\r\n$3\r\nGET\r\n$" + ((1 << 20) + 1) + "\r\n"))
        .containsExactly(new RespDecoder.ProtocolError("ERR Protocol error: invalid bulk length"));
  }
}
