package io.raftcache.chaos.harness;

import java.util.List;

/** Where the nodes live: all on loopback, or each in a network namespace of its own. */
public interface Network extends AutoCloseable {
  /** The address node number {@code i} (0-based) binds and is reached at. */
  String host(int i);

  /** The command that runs {@code command} inside node {@code i}'s network. */
  List<String> wrap(int i, List<String> command);

  /** Whether nodes can be cut off from one another while clients still reach them. */
  boolean canPartition();

  /** Cuts node {@code isolated} off from every other node, both ways; clients still reach it. */
  void partition(int isolated, int nodes) throws Exception;

  /** Undoes every partition. */
  void heal() throws Exception;

  @Override
  void close() throws Exception;

  /** Every node on 127.0.0.1: no partitions. */
  static Network loopback() {
    return new Network() {
      @Override
      public String host(int i) {
        return "127.0.0.1";
      }

      @Override
      public List<String> wrap(int i, List<String> command) {
        return command;
      }

      @Override
      public boolean canPartition() {
        return false;
      }

      @Override
      public void partition(int isolated, int nodes) {
        throw new UnsupportedOperationException("nodes on loopback cannot be partitioned");
      }

      @Override
      public void heal() {}

      @Override
      public void close() {}
    };
  }
}
