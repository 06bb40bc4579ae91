package io.raftcache.node.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A Redis-style glob over key bytes: {@code *} any bytes, {@code ?} one byte, {@code [abc]},
 * {@code [a-z]} and {@code [^a]} classes, {@code \} to escape (in classes too). The pattern's
 * UTF-8 bytes are matched against the key's bytes.
 *
 * <p>Matching takes O(pattern × key) steps at worst, whatever the pattern: a regex engine's
 * backtracking on patterns like {@code *a*a*a*b} would hold a node's read lock for minutes.
 */
public final class GlobPattern implements Predicate<Key> {
  private final byte[] pattern;

  private GlobPattern(byte[] pattern) {
    this.pattern = pattern;
  }

  /** Compiles {@code glob}; throws IllegalArgumentException naming what is wrong with it. */
  public static GlobPattern compile(String glob) {
    byte[] pattern = glob.getBytes(StandardCharsets.UTF_8);
    int p = 0;
    while (p < pattern.length) {
      p = tokenEnd(pattern, p); // throws at an unfinished token
    }
    return new GlobPattern(pattern);
  }

  /** Whether {@code text} (as UTF-8) matches {@code glob}; an unfinished pattern matches nothing. */
  public static boolean matches(String glob, String text) {
    try {
      return compile(glob).test(Key.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException unfinishedPattern) {
      return false;
    }
  }

  @Override
  public boolean test(Key key) {
    byte[] s = key.bytes();
    int p = 0;
    int i = 0;
    int starP = -1; // the last star seen, and where in the key its match ends so far
    int starI = -1;
    while (i < s.length) {
      if (p < pattern.length && pattern[p] == '*') {
        starP = p++;
        starI = i;
      } else if (p < pattern.length && matchesOne(p, s[i])) {
        p = tokenEnd(pattern, p);
        i++;
      } else if (starP >= 0) {
        p = starP + 1; // let the last star take one more byte, and try again after it
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern[p] == '*') {
      p++;
    }
    return p == pattern.length;
  }

  /** Whether the single-byte token at {@code p} (not a star) matches {@code b}. */
  private boolean matchesOne(int p, byte b) {
    return switch (pattern[p]) {
      case '?' -> true;
      case '\\' -> pattern[p + 1] == b;
      case '[' -> classMatches(p, b);
      default -> pattern[p] == b;
    };
  }

  private boolean classMatches(int open, byte b) {
    int p = open + 1;
    boolean negated = pattern[p] == '^';
    if (negated) {
      p++;
    }
    boolean found = false;
    while (pattern[p] != ']') {
      int low = pattern[p] == '\\' ? pattern[++p] & 0xFF : pattern[p] & 0xFF;
      p++;
      int high = low;
      if (pattern[p] == '-' && pattern[p + 1] != ']') {
        p++;
        high = pattern[p] == '\\' ? pattern[++p] & 0xFF : pattern[p] & 0xFF;
        p++;
      }
      int v = b & 0xFF;
      found |= v >= Math.min(low, high) && v <= Math.max(low, high); // a reversed range counts, as in Redis
    }
    return found != negated;
  }

  /** The index after the token starting at {@code p}; throws if the token is unfinished. */
  private static int tokenEnd(byte[] pattern, int p) {
    switch (pattern[p]) {
      case '\\' -> {
        if (p + 1 == pattern.length) {
          throw new IllegalArgumentException("the pattern ends with an unfinished escape \\");
        }
        return p + 2;
      }
      case '[' -> {
        int i = p + 1;
        if (i < pattern.length && pattern[i] == '^') {
          i++;
        }
        for (; i < pattern.length && pattern[i] != ']'; i++) {
          if (pattern[i] == '\\') {
            i++;
          }
        }
        if (i >= pattern.length) {
          throw new IllegalArgumentException("the character class at offset " + p + " has no closing ]");
        }
        return i + 1;
      }
      default -> {
        return p + 1;
      }
    }
  }
}
