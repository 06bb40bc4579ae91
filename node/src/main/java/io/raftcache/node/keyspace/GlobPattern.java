package io.raftcache.node.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A Redis-style glob over key bytes: {@code *} any bytes, {@code ?} one byte, {@code [abc]},
 * {@code [a-z]} and {@code [^a]} classes, {@code \} to escape. The pattern's UTF-8 bytes are
 * matched against the key's bytes, one byte to one character.
 */
public final class GlobPattern implements Predicate<Key> {
  private final Pattern regex;

  private GlobPattern(Pattern regex) {
    this.regex = regex;
  }

  /** Compiles {@code glob}; throws IllegalArgumentException naming what is wrong with it. */
  public static GlobPattern compile(String glob) {
    String bytes = latin1(glob.getBytes(StandardCharsets.UTF_8));
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < bytes.length(); i++) {
      char c = bytes.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '\\' -> {
          if (++i == bytes.length()) {
            throw new IllegalArgumentException("the pattern ends with an unfinished escape \\");
          }
          re.append(literal(bytes.charAt(i)));
        }
        case '[' -> i = appendClass(bytes, i, re);
        default -> re.append(literal(c));
      }
    }
    return new GlobPattern(Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  /** Appends the class opening at {@code open}; returns the index of its closing bracket. */
  private static int appendClass(String glob, int open, StringBuilder re) {
    int close = glob.indexOf(']', open + 2);
    if (close < 0) {
      throw new IllegalArgumentException("the character class at offset " + open + " has no closing ]");
    }
    re.append('[');
    int i = open + 1;
    if (glob.charAt(i) == '^') {
      re.append('^');
      i++;
    }
    for (; i < close; i++) {
      char c = glob.charAt(i);
      boolean range = c == '-' && i > open + 1 && i + 1 < close;
      re.append(range ? "-" : literal(c));
    }
    re.append(']');
    return close;
  }

  /** {@code c} as a regex that matches only itself, in or out of a class. */
  private static String literal(char c) {
    return Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
  }

  @Override
  public boolean test(Key key) {
    return regex.matcher(latin1(key.bytes())).matches();
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
