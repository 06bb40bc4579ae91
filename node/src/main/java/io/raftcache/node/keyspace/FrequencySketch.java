package io.raftcache.node.keyspace;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often each key has been asked for lately, present or not: a count-min sketch of 4-bit
 * counters, TinyLFU's frequency filter. Each request adds one to a counter in each of four rows
 * picked by the key's hash, and a key's estimate is the smallest of its four (collisions only ever
 * raise one). Each row has four counters per key the keyspace holds, so few keys share all four;
 * counters stop at 15, and after ten additions per key held every counter is halved, so what was
 * popular a while ago fades and a working set that moves is learned again.
 *
 * <p>It counts requests for absent keys too, which is what Redis's LFU cannot do: a key that a
 * cache-aside client keeps missing is known to be popular the moment it is written back.
 *
 * <p>Not replicated and only approximate: counters are updated without a lock from the threads
 * that serve reads, so an increment can be lost now and then, and one racing the halving can
 * write back its word's counters unhalved; neither changes which keys are popular.
 */
final class FrequencySketch {
  private static final int ROWS = 4;
  private static final int COUNTERS_PER_WORD = 16;
  private static final long MAX_COUNT = 15;
  private static final int COUNTERS_PER_KEY = 4;
  private static final int ADDITIONS_PER_KEY = 10;
  private static final int MIN_KEYS = 1 << 10;
  private static final int MAX_KEYS = 1 << 24; // 128 MB of counters
  /** Odd multipliers that spread a key's hash differently for each row. */
  private static final long[] SEEDS = {0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L};

  /** Counters for {@code keys} keys (a power of two), with how many additions are left before they are halved. */
  private record Table(long[] words, int keys, int width, AtomicInteger untilReset) {
    static Table of(int keys) {
      int width = keys * COUNTERS_PER_KEY;
      return new Table(new long[width * ROWS / COUNTERS_PER_WORD], keys, width, new AtomicInteger(ADDITIONS_PER_KEY * keys));
    }
  }

  private volatile Table table = Table.of(MIN_KEYS);

  /**
   * Makes room for {@code keys} keys, keeping every key's estimate: doubling the width adds one bit
   * to each column, so a key's counter in the wider row is at its old column or that plus the old
   * width, and both start with the old count. A row is a whole number of words, so each wider row
   * is the old row's words twice over.
   */
  void ensureRoomFor(long keys) {
    Table old = table;
    if (keys <= old.keys() || old.keys() >= MAX_KEYS) {
      return;
    }
    Table wider = Table.of(old.keys() * 2);
    int oldRowWords = old.width() / COUNTERS_PER_WORD;
    for (int row = 0; row < ROWS; row++) {
      System.arraycopy(old.words(), row * oldRowWords, wider.words(), 2 * row * oldRowWords, oldRowWords);
      System.arraycopy(old.words(), row * oldRowWords, wider.words(), (2 * row + 1) * oldRowWords, oldRowWords);
    }
    wider.untilReset().set(Math.max(1, old.untilReset().get()) + ADDITIONS_PER_KEY * old.keys());
    table = wider;
  }

  private static long counter(Table t, int index) {
    return (t.words()[index / COUNTERS_PER_WORD] >>> ((index % COUNTERS_PER_WORD) * 4)) & MAX_COUNT;
  }

  /** Records one request for {@code key}. */
  void increment(Key key) {
    Table t = table;
    boolean added = false;
    for (int row = 0; row < ROWS; row++) {
      int counter = counterIndex(t, key, row);
      int word = counter / COUNTERS_PER_WORD;
      int shift = (counter % COUNTERS_PER_WORD) * 4;
      long value = t.words()[word];
      if (((value >>> shift) & MAX_COUNT) < MAX_COUNT) {
        t.words()[word] = value + (1L << shift);
        added = true;
      }
    }
    if (added && t.untilReset().decrementAndGet() == 0) {
      halve(t);
    }
  }

  /** The estimated requests for {@code key} since the counters were last halved, at most 15. */
  int estimate(Key key) {
    Table t = table;
    long least = MAX_COUNT;
    for (int row = 0; row < ROWS; row++) {
      least = Math.min(least, counter(t, counterIndex(t, key, row)));
    }
    return (int) least;
  }

  /** Row {@code row}'s counter for {@code key}: rows lie side by side, {@code width} counters each. */
  private static int counterIndex(Table t, Key key, int row) {
    long spread = (key.hashCode() & 0xFFFFFFFFL) * SEEDS[row];
    spread ^= spread >>> 29; // the product's high bits, which every bit of the hash reaches, folded down
    int column = (int) spread & (t.width() - 1);
    return row * t.width() + column;
  }

  private static void halve(Table t) {
    long[] words = t.words();
    for (int i = 0; i < words.length; i++) {
      words[i] = (words[i] >>> 1) & 0x7777777777777777L; // each 4-bit counter shifted right, none borrowing from its neighbour
    }
    t.untilReset().set(ADDITIONS_PER_KEY * t.keys());
  }
}
