package io.raftcache.node.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command into words as Redis does (its {@code sdssplitargs}): spaces separate
 * words; "double quotes" allow \n, \r, \t, \b, \a, \\, \" and \xHH escapes; 'single quotes' allow
 * \'. A closing quote must end the word.
 */
final class InlineWords {
  private InlineWords() {}

  /** The words of {@code line} (each char one byte), or null if a quote is left open. */
  static List<byte[]> split(String line) {
    List<byte[]> words = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      ByteArrayOutputStream word = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        if (i >= n) {
          if (inDouble || inSingle) {
            return null;
          }
          done = true;
        } else if (inDouble) {
          char c = line.charAt(i);
          if (c == '\\' && i + 3 < n && line.charAt(i + 1) == 'x' && isHex(line.charAt(i + 2)) && isHex(line.charAt(i + 3))) {
            word.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
            i += 3;
          } else if (c == '\\' && i + 1 < n) {
            i++;
            word.write(switch (line.charAt(i)) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> 7;
              default -> line.charAt(i);
            });
          } else if (c == '"') {
            if (!endsWord(line, i + 1)) {
              return null;
            }
            done = true;
          } else {
            word.write(c);
          }
          i++;
        } else if (inSingle) {
          char c = line.charAt(i);
          if (c == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
            i++;
            word.write('\'');
          } else if (c == '\'') {
            if (!endsWord(line, i + 1)) {
              return null;
            }
            done = true;
          } else {
            word.write(c);
          }
          i++;
        } else {
          char c = line.charAt(i);
          if (Character.isWhitespace(c)) {
            done = true;
          } else if (c == '"') {
            inDouble = true;
          } else if (c == '\'') {
            inSingle = true;
          } else {
            word.write(c);
          }
          i++;
        }
      }
      words.add(word.toByteArray());
    }
  }

  /** A closing quote must be followed by a space or the end of the line. */
  private static boolean endsWord(String line, int next) {
    return next >= line.length() || Character.isWhitespace(line.charAt(next));
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
