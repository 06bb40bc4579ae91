package io.raftcache.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gives each node's data dir a filesystem of its own, a size-limited tmpfs, so that a fault can
 * fill one node's disk without touching the machine's. Needs root (mount); where mounting fails,
 * the faults that need it say why.
 */
final class OwnDisks implements AutoCloseable {
  /** Room for a chaos scenario's log, snapshots and state, several times over. */
  static final String SIZE = "512m";

  private final List<Path> mounted = new ArrayList<>();

  /** Why data dirs cannot have disks of their own here, or empty if they can. */
  static Optional<String> unavailableReason(Path scratch) {
    try (OwnDisks probe = new OwnDisks()) {
      probe.mount(Files.createTempDirectory(scratch, "mount-probe"));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("a tmpfs cannot be mounted here (needs root): " + e.getMessage());
    }
  }

  void mount(Path dir) throws IOException {
    Files.createDirectories(dir);
    run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString());
    mounted.add(dir);
  }

  @Override
  public void close() {
    for (Path dir : mounted) {
      try {
        run("umount", "--lazy", dir.toString()); // lazy: a process still dying may hold a file
      } catch (IOException e) {
        System.err.println("[chaos] could not unmount " + dir + ": " + e.getMessage());
      }
    }
    mounted.clear();
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes()).strip(); // short: until it exits
      boolean exited = p.waitFor(30, TimeUnit.SECONDS);
      if (!exited || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }
}
