package io.raftcache.client;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Strings and byte arrays to and from the wire: strings are UTF-8, null is refused. */
final class Codec {
  private Codec() {}

  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(Objects.requireNonNull(b, "key or value"));
  }

  static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(Objects.requireNonNull(s, "key, field, member or value"));
  }

  static List<ByteString> bytesList(byte[][] keys) {
    return Arrays.stream(keys).map(Codec::bytes).toList();
  }

  static List<ByteString> utf8List(Collection<String> strings) {
    return strings.stream().map(Codec::bytes).toList();
  }

  static List<ByteString> utf8List(String... strings) {
    return Arrays.stream(strings).map(Codec::bytes).toList();
  }

  static byte[] utf8(String s) {
    return Objects.requireNonNull(s, "key or value").getBytes(StandardCharsets.UTF_8);
  }

  static byte[][] utf8(String[] keys) {
    return Arrays.stream(keys).map(Codec::utf8).toArray(byte[][]::new);
  }

  /** For toString(): the bytes as quoted text if they are short UTF-8, else how many there are. */
  static String describe(byte[] b) {
    if (b == null) {
      return "null";
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String text = decoder.decode(ByteBuffer.wrap(b)).toString();
      return text.length() <= 64 ? '"' + text + '"' : '"' + text.substring(0, 64) + "\"... (" + b.length + " bytes)";
    } catch (CharacterCodingException binary) {
      return "<" + b.length + " bytes>";
    }
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static String string(ByteString b) {
    return b.toStringUtf8();
  }

  static List<String> strings(List<ByteString> list) {
    return list.stream().map(ByteString::toStringUtf8).toList();
  }
}
