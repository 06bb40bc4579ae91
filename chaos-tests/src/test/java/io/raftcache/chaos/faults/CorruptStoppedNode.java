package io.raftcache.chaos.faults;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.ChaosCluster.Node;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Damages what a stopped follower holds on disk, one way per round: a byte flipped in the middle
 * of its newest Raft log segment; that segment cut to half its length; a byte flipped in the
 * middle of its state database's largest file. Started again, the node must either refuse,
 * saying its data is corrupt (then {@code bin/raftcache-cluster rebuild} discards it and the node
 * rejoins), or start and be caught up like any restarted node; the scenario's checks (nothing
 * lost, convergence of every replica's digest) show it never kept what it no longer holds right.
 */
public final class CorruptStoppedNode implements Fault {
  /** What a node refusing its damaged data says (NodeMain). */
  private static final String SAYS_CORRUPT = "is corrupt";

  private enum Damage { FLIP_LOG_BYTE, TRUNCATE_LOG, FLIP_STATE_BYTE }

  private final java.util.Random random = new java.util.Random(19);
  private int round;

  @Override
  public String name() {
    return "corrupt-data";
  }

  @Override
  public Duration holdFor() {
    return Duration.ofSeconds(2);
  }

  @Override
  public Injection inject(FaultContext context) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node follower = cluster.follower(cluster.awaitLeader(Duration.ofSeconds(30)), random);
    cluster.stop(follower);
    Damage damage = Damage.values()[round++ % Damage.values().length];
    String what = switch (damage) {
      case FLIP_LOG_BYTE -> "flipped a byte in the middle of " + flipMiddleByte(newestSegment(follower));
      case TRUNCATE_LOG -> "cut to half its length " + truncateToHalf(newestSegment(follower));
      case FLIP_STATE_BYTE -> "flipped a byte in the middle of " + flipMiddleByte(largest(follower.dataDir()
          .resolve("state"), name -> name.endsWith(".sst") || name.startsWith("MANIFEST-")));
    };
    return new Injection(List.of(follower), "stopped " + follower.id() + " (follower), " + what, System.nanoTime());
  }

  @Override
  public void heal(FaultContext context, Injection injection) throws Exception {
    ChaosCluster cluster = context.cluster();
    Node node = injection.targets().get(0);
    Path out = node.dataDir().resolve("node.out");
    long before = Files.exists(out) ? Files.size(out) : 0; // what earlier starts printed
    try {
      cluster.launch(node);
      System.out.println("[chaos] " + node.id() + " started on its damaged data; it must catch up");
    } catch (IllegalStateException refused) {
      byte[] printed = Files.readAllBytes(out);
      String output = new String(printed, (int) before, printed.length - (int) before, StandardCharsets.UTF_8);
      if (!output.contains(SAYS_CORRUPT)) {
        throw new IllegalStateException(node.id() + " did not start on its damaged data, nor say it is corrupt",
            refused);
      }
      String refusal = output.lines().filter(line -> line.contains(SAYS_CORRUPT)).findFirst().orElseThrow();
      System.out.println("[chaos] " + node.id() + " refused its damaged data (" + refusal + "); rebuilding it:\n"
          + cluster.rebuildByScript(node));
    }
  }

  private static Path newestSegment(Node node) throws IOException {
    Path raft = node.dataDir().resolve("raft");
    try (Stream<Path> groups = Files.list(raft)) {
      Path current = groups.filter(Files::isDirectory).findFirst().orElseThrow().resolve("current");
      return largest(current, name -> name.startsWith("log_"), CorruptStoppedNode::startIndex);
    }
  }

  /** A segment's first index, from its name: log_inprogress_START or log_START-END. */
  private static long startIndex(Path segment) {
    String name = segment.getFileName().toString();
    String start = name.startsWith("log_inprogress_") ? name.substring("log_inprogress_".length())
        : name.substring("log_".length(), name.indexOf('-'));
    return Long.parseLong(start);
  }

  private static Path largest(Path dir, Predicate<String> named) throws IOException {
    return largest(dir, named, file -> {
      try {
        return Files.size(file);
      } catch (IOException e) {
        return -1L;
      }
    });
  }

  private static Path largest(Path dir, Predicate<String> named, java.util.function.ToLongFunction<Path> by)
      throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> named.test(f.getFileName().toString()))
          .max(Comparator.comparingLong(by))
          .orElseThrow(() -> new IllegalStateException("nothing to damage in " + dir));
    }
  }

  private static Path flipMiddleByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
    return file;
  }

  private static Path truncateToHalf(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    return file;
  }
}
