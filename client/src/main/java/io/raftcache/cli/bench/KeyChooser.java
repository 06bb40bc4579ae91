package io.raftcache.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Picks the key of each benchmark request from a keyspace of fixed-width keys ({@code key:000000000042}). */
final class KeyChooser {
  enum Distribution { UNIFORM, ZIPF }

  /** Skew of the Zipf distribution: about a fifth of the requests go to the hottest 1% of keys. */
  static final double ZIPF_EXPONENT = 0.99;

  private final int keyspace;
  private final Zipf zipf;

  KeyChooser(int keyspace, Distribution distribution) {
    this.keyspace = keyspace;
    this.zipf = distribution == Distribution.ZIPF ? new Zipf(keyspace, ZIPF_EXPONENT) : null;
  }

  byte[] next(SplittableRandom random) {
    int n = zipf == null ? random.nextInt(keyspace) : zipf.next(random) - 1;
    return key(n);
  }

  /** The 16-byte key number {@code n}. */
  static byte[] key(long n) {
    return String.format("key:%012d", n).getBytes(StandardCharsets.US_ASCII);
  }
}
