package io.raftcache.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test nodes, chosen outside the kernel's ephemeral range.
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the ephemeral range, and once that socket
 * closes the kernel may hand the same number to any outgoing connection (a Raft peer dialing
 * another, a client) before the node under test binds it: the node then fails with "Address
 * already in use". Ports below (or above) the ephemeral range are never used for outgoing
 * connections, so a port that is free when checked stays free unless another program listens on
 * it. Each port is handed out once per JVM, so nodes of one test never share one.
 */
public final class LoopbackPorts {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int HIGHEST = 65_535;
  /** Where test ports come from: {lowest, highest}, read once. */
  private static final int[] RANGE = candidateRange();
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private LoopbackPorts() {}

  /** A port on which nothing listens now and that this JVM has not handed out before. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(RANGE[0], RANGE[1] + 1);
      if (!HANDED_OUT.contains(port) && isFree(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + RANGE[0] + ".." + RANGE[1]);
  }

  /** The larger of the two stretches outside the ephemeral range (Linux default 32768..60999). */
  private static int[] candidateRange() {
    int ephemeralLow = 32_768;
    int ephemeralHigh = 60_999;
    try {
      String[] bounds = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
      ephemeralLow = Integer.parseInt(bounds[0]);
      ephemeralHigh = Integer.parseInt(bounds[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unexpected format: keep the defaults
    }
    int below = ephemeralLow - 1 - LOWEST;
    int above = HIGHEST - (ephemeralHigh + 1);
    if (below <= 0 && above <= 0) {
      throw new IllegalStateException("the ephemeral port range " + ephemeralLow + ".." + ephemeralHigh
          + " leaves no ports for test nodes");
    }
    return below >= above ? new int[] {LOWEST, ephemeralLow - 1} : new int[] {ephemeralHigh + 1, HIGHEST};
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
