package io.raftcache.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Which operations a benchmark runs and how often: {@code set:get=1:9} is 10% SET, 90% GET. */
final class OperationMix {
  enum Operation { SET, GET }

  private final List<Operation> operations;
  private final int[] cumulativeWeights;

  private OperationMix(List<Operation> operations, int[] cumulativeWeights) {
    this.operations = operations;
    this.cumulativeWeights = cumulativeWeights;
  }

  /** Reads {@code names=weights}, e.g. {@code set:get=1:9} or {@code get=1}; throws IllegalArgumentException. */
  static OperationMix parse(String text) {
    String[] sides = text.split("=");
    if (sides.length != 2) {
      throw new IllegalArgumentException("--ratio: '" + text + "' is not OPS=WEIGHTS, e.g. set:get=1:9");
    }
    String[] names = sides[0].split(":");
    String[] weights = sides[1].split(":");
    if (names.length != weights.length) {
      throw new IllegalArgumentException("--ratio: " + names.length + " operations but " + weights.length + " weights");
    }
    List<Operation> operations = new ArrayList<>();
    int[] cumulative = new int[names.length];
    int sum = 0;
    for (int i = 0; i < names.length; i++) {
      Operation op;
      try {
        op = Operation.valueOf(names[i].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--ratio: unknown operation '" + names[i] + "' (set or get)");
      }
      if (operations.contains(op)) {
        throw new IllegalArgumentException("--ratio: '" + names[i] + "' is named twice");
      }
      int weight = weight(weights[i]);
      operations.add(op);
      sum += weight;
      cumulative[i] = sum;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("--ratio: the weights add up to 0");
    }
    return new OperationMix(List.copyOf(operations), cumulative);
  }

  private static int weight(String text) {
    try {
      int w = Integer.parseInt(text.trim());
      if (w >= 0 && w <= 1_000_000) {
        return w;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--ratio: weight '" + text + "' is not a whole number from 0 to 1000000");
  }

  /** The operations with a positive weight, in the order given. */
  List<Operation> operations() {
    List<Operation> used = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      if (cumulativeWeights[i] > (i == 0 ? 0 : cumulativeWeights[i - 1])) {
        used.add(operations.get(i));
      }
    }
    return used;
  }

  Operation next(SplittableRandom random) {
    int draw = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (draw < cumulativeWeights[i]) {
        return operations.get(i);
      }
    }
    throw new AssertionError("a draw below the total weight always finds an operation");
  }
}
