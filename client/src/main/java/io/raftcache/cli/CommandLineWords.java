package io.raftcache.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line of the interactive mode into arguments as redis-cli does: on spaces, except
 * inside "double quotes" (with \n, \r, \t, \", \\ and \xHH escapes) or 'single quotes' (with \').
 */
final class CommandLineWords {
  private CommandLineWords() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      StringBuilder word = new StringBuilder();
      while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
        char q = line.charAt(i);
        if (q == '"') {
          i = doubleQuoted(line, i + 1, word);
        } else if (q == '\'') {
          i = singleQuoted(line, i + 1, word);
        } else {
          word.append(q);
          i++;
        }
      }
      words.add(word.toString());
    }
    return words;
  }

  private static int doubleQuoted(String line, int start, StringBuilder word) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = start;
    while (true) {
      if (i >= line.length()) {
        throw new IllegalArgumentException("unbalanced quotes in: " + line);
      }
      char c = line.charAt(i);
      if (c == '"') {
        word.append(bytes.toString(StandardCharsets.UTF_8));
        return closed(line, i + 1);
      }
      if (c == '\\' && i + 1 < line.length()) {
        char e = line.charAt(i + 1);
        if (e == 'x' && i + 3 < line.length() && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
          bytes.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        bytes.write(switch (e) {
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'b' -> '\b';
          case 'a' -> 7;
          default -> e;
        });
        i += 2;
        continue;
      }
      int codePoint = line.codePointAt(i);
      byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
      bytes.write(utf8, 0, utf8.length);
      i += Character.charCount(codePoint);
    }
  }

  private static int singleQuoted(String line, int start, StringBuilder word) {
    int i = start;
    while (true) {
      if (i >= line.length()) {
        throw new IllegalArgumentException("unbalanced quotes in: " + line);
      }
      char c = line.charAt(i);
      if (c == '\'') {
        return closed(line, i + 1);
      }
      if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
        word.append('\'');
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
  }

  /** A closing quote must end the word, as in redis-cli. */
  private static int closed(String line, int next) {
    if (next < line.length() && !Character.isWhitespace(line.charAt(next))) {
      throw new IllegalArgumentException("a closing quote must be followed by a space: " + line);
    }
    return next;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
