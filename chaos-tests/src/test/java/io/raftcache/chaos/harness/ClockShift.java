package io.raftcache.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Steps a running node's wall clock, and only its wall clock: every node process is started with
 * {@code src/test/c/clock_shift.c} preloaded, which adds the milliseconds in the file
 * {@code clock-shift} of the node's data dir to what the process reads as the time of day. Built
 * with gcc on first use; where that fails, nodes start without it and the clock faults say why.
 */
public final class ClockShift {
  private static final Path SOURCE = ChaosCluster.ROOT.resolve("chaos-tests/src/test/c/clock_shift.c");
  private static final Path LIBRARY = ChaosCluster.ROOT.resolve("chaos-tests/target/clock-shift/libclockshift.so");
  private static String unavailableReason;
  private static boolean built;

  private ClockShift() {}

  /** The environment that preloads the shim into a node process, or none where it could not be built. */
  static synchronized Map<String, String> environment() {
    return unavailableReason().isEmpty() ? Map.of("LD_PRELOAD", LIBRARY.toString()) : Map.of();
  }

  /** Why node clocks cannot be stepped here, or "" if they can. */
  public static synchronized String unavailableReason() {
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
        return "gcc could not build the clock shim: " + Files.readString(log).strip();
      }
      return "";
    } catch (IOException e) {
      return "no gcc to build the clock shim: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while building the clock shim";
    }
  }

  /** Moves {@code node}'s wall clock to the true time plus {@code shift} (the shim re-reads it every 20 ms). */
  public static void set(ChaosCluster.Node node, Duration shift) throws IOException {
    Path file = node.dataDir().resolve("clock-shift");
    Path written = Files.writeString(node.dataDir().resolve("clock-shift.new"), Long.toString(shift.toMillis()));
    Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
