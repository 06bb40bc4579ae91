package io.raftcache.microbench;

/**
 * Prints the bytes a SET costs in the Raft log, alone and batched, then runs the JMH benchmarks
 * (any JMH arguments pass through, e.g. a benchmark name or {@code -h}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("log entry of one SET (16-byte key, 100-byte value): %d bytes%n",
        ApplyBenchmark.singleSetEntry(0).length);
    System.out.printf("per SET in a batch of %d: %d bytes%n",
        ApplyBenchmark.BATCH, ApplyBenchmark.batchedSetEntry(0).length / ApplyBenchmark.BATCH);
    org.openjdk.jmh.Main.main(args);
  }
}
