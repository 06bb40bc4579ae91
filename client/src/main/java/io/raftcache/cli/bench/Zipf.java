package io.raftcache.cli.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 1..n with probability proportional to 1 / rank^exponent: a few ranks are hot, as in
 * real traffic. Used by {@code raftcache bench} and the examples.
 */
public final class Zipf {
  private final double[] cumulative;

  public Zipf(int n, double exponent) {
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += 1 / Math.pow(rank, exponent);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum; // the last becomes exactly 1, so every draw below 1 finds a rank
    }
  }

  public int next(SplittableRandom random) {
    int found = Arrays.binarySearch(cumulative, random.nextDouble());
    return (found >= 0 ? found : -found - 1) + 1;
  }
}
