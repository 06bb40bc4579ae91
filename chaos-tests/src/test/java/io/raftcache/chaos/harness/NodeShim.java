package io.raftcache.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Faults of a node's own machine, in a running node: its wall clock stepped, its fsyncs slowed.
 * Every node process is started with {@code src/test/c/node_faults.c} preloaded, which reads them
 * from small files in the node's data dir. Built with gcc on first use; where that fails, nodes
 * start without it and the faults that need it say why.
 */
public final class NodeShim {
  private static final Path SOURCE = ChaosCluster.ROOT.resolve("chaos-tests/src/test/c/node_faults.c");
  private static final Path LIBRARY = ChaosCluster.ROOT.resolve("chaos-tests/target/node-shim/libnodefaults.so");
  private static String unavailableReason;
  private static boolean built;

  private NodeShim() {}

  /** The environment that preloads the shim into a node process, or none where it could not be built. */
  static synchronized Map<String, String> environment() {
    return unavailableReason().isEmpty() ? Map.of("LD_PRELOAD", LIBRARY.toString()) : Map.of();
  }

  /** Why the shim's faults cannot be injected here, or empty if they can: what a fault using it answers. */
  public static Optional<String> unavailable() {
    String reason = unavailableReason();
    return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
  }

  /** Why the shim's faults cannot be injected here, or "" if they can. */
  private static synchronized String unavailableReason() {
    if (!built) {
      built = true;
      unavailableReason = build();
    }
    return unavailableReason;
  }

  private static String build() {
    try {
      Files.createDirectories(LIBRARY.getParent());
      Path log = LIBRARY.resolveSibling("gcc.out");
      Process gcc = new ProcessBuilder(List.of("gcc", "-O2", "-shared", "-fPIC", "-Wall", "-o", LIBRARY.toString(),
          SOURCE.toString(), "-ldl")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        gcc.destroyForcibly();
        return "gcc could not build the node shim: " + Files.readString(log).strip();
      }
      return "";
    } catch (IOException e) {
      return "no gcc to build the node shim: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while building the node shim";
    }
  }

  /** Moves {@code node}'s wall clock to the true time plus {@code shift}. */
  public static void shiftClock(ChaosCluster.Node node, Duration shift) throws IOException {
    steer(node, "clock-shift", shift.toMillis());
  }

  /** Makes every fsync of {@code node} wait {@code delay} first (zero: none). */
  public static void delayFsync(ChaosCluster.Node node, Duration delay) throws IOException {
    steer(node, "fsync-delay", delay.toMillis());
  }

  /** Replaces a steering file at once (the shim re-reads it every 20 ms). */
  private static void steer(ChaosCluster.Node node, String name, long millis) throws IOException {
    Path written = Files.writeString(node.dataDir().resolve(name + ".new"), Long.toString(millis));
    Files.move(written, node.dataDir().resolve(name), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
