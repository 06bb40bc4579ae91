package io.raftcache.node;

import io.raftcache.node.auth.PasswordHash;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.ConfigLoader;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.store.BackupRestore;
import io.raftcache.node.store.CorruptData;
import io.raftcache.node.store.DiskFull;
import io.raftcache.node.store.SpaceReserve;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.tls.CertificateMaker;
import io.raftcache.node.tls.NodeTls;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raftcache-node --config FILE --node ID}: runs one node in the foreground until SIGTERM.
 * Exit status 2 means the node could not start from this config (the message names the file and
 * the field); nothing was started.
 */
@Command(name = "raftcache-node", mixinStandardHelpOptions = true,
    description = "Runs one raftcache node in the foreground; SIGTERM stops it cleanly.")
public final class NodeMain implements Callable<Integer> {
  static final int EXIT_CONFIG = 2;
  static final int EXIT_FATAL = 70;
  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  @Option(names = "--config", paramLabel = "FILE", description = "the cluster file (YAML); needed but for --hash-password")
  Path config;

  @Option(names = "--hash-password", description = "read a password from standard input (one line) and print its"
      + " hash for a user's password_hash in the cluster file, then exit")
  boolean hashPassword;

  @Option(names = "--node", paramLabel = "ID", description = "which node of the file to run")
  String nodeId;

  @Option(names = "--check", description = "only check the file and that the ports of the node (or, without"
      + " --node, of every node) are free, then exit")
  boolean checkOnly;

  @Option(names = "--list", description = "check the file, then print each node's id and data dir, one per line")
  boolean list;

  @Option(names = "--make-certs", description = "make the CA and node certificates the file's tls section names,"
      + " where they do not exist yet, then exit")
  boolean makeCerts;

  @Option(names = "--restore-from", paramLabel = "DIR", description = "seed every node of the file (their data dirs"
      + " empty) with the backup in DIR, checked against its manifest, then exit; start the nodes afterwards")
  Path restoreFrom;

  @Option(names = "--discard-state", description = "with --node: delete that node's Raft log, snapshots and state"
      + " database (a corrupt node's), then exit; refused while its ports are in use. Started afterwards, it is caught"
      + " up by the leader: only while the other nodes are up and caught up (bin/raftcache-cluster rebuild checks)")
  boolean discardState;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (one line per event, the default) or json (one JSON object per line)")
  LogFormat logFormat;

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    CommandLine cli = new CommandLine(new NodeMain());
    cli.setParameterExceptionHandler((e, a) -> {
      cli.getErr().println("raftcache-node: " + e.getMessage());
      e.getCommandLine().usage(cli.getErr());
      return EXIT_CONFIG;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    logFormat.apply();
    if (hashPassword) {
      return printPasswordHash();
    }
    if (config == null) {
      System.err.println("raftcache-node: --config FILE is required");
      return EXIT_CONFIG;
    }
    ClusterConfig cluster;
    List<NodeConfig> nodes;
    try {
      cluster = ConfigLoader.load(config);
      if (list) {
        cluster.nodes().forEach(n -> System.out.println(n.id() + "\t" + n.dataDir()));
        return 0;
      }
      if (makeCerts) {
        return makeCertificates(cluster);
      }
      if (restoreFrom != null) {
        return restore(cluster, restoreFrom);
      }
      if (nodeId == null && !checkOnly) {
        throw new ConfigException(config, "", "--node ID is required to run a node (the file names "
            + cluster.nodes().stream().map(NodeConfig::id).toList() + ")");
      }
      if (discardState && nodeId == null) {
        throw new ConfigException(config, "", "--discard-state needs --node ID");
      }
      nodes = nodeId == null ? cluster.nodes() : List.of(cluster.node(nodeId));
      for (NodeConfig node : nodes) {
        NodeTls.of(cluster, node);
        PortCheck.requireFree(cluster.file(), node);
      }
      if (discardState) {
        return discardState(nodes.get(0));
      }
      if (!checkOnly) {
        cluster.tunables().memory().requireFitsHeap(cluster.file(), Runtime.getRuntime().maxMemory());
      }
    } catch (ConfigException e) {
      System.err.println("raftcache-node: " + e.getMessage());
      return EXIT_CONFIG;
    }
    return checkOnly ? 0 : run(cluster, nodes.get(0));
  }

  /** The hash of the first line of standard input, asked for on the terminal if there is one. */
  private static int printPasswordHash() throws IOException {
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("password: ");
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      System.err.println("raftcache-node: no password on standard input");
      return EXIT_CONFIG;
    }
    System.out.println(PasswordHash.of(password));
    return 0;
  }

  private static int makeCertificates(ClusterConfig cluster) throws ConfigException {
    try {
      CertificateMaker.make(cluster).forEach(System.out::println);
      return 0;
    } catch (IOException e) {
      System.err.println("raftcache-node: " + cluster.file() + ": " + e.getMessage());
      return 1;
    }
  }

  private static int restore(ClusterConfig cluster, Path backup) {
    try {
      BackupRestore.restore(backup, cluster).forEach(System.out::println);
      return 0;
    } catch (IOException e) {
      System.err.println("raftcache-node: restore from " + backup + " refused: " + e.getMessage());
      return EXIT_CONFIG;
    }
  }

  private static int discardState(NodeConfig self) {
    try {
      List<Path> discarded = RaftNode.discardState(self);
      System.out.println(discarded.isEmpty() ? self.id() + " held no state in " + self.dataDir()
          : "discarded " + discarded.stream().map(Path::toString).collect(Collectors.joining(", ")));
      return 0;
    } catch (IOException e) {
      System.err.println("raftcache-node: could not discard the state of " + self.id() + ": " + e.getMessage());
      return EXIT_CONFIG;
    }
  }

  /** What to do about a failure to start, where there is something to do: the start of its message. */
  private static String advice(Throwable failure, NodeConfig self) {
    if (DiskFull.causedBy(failure)) {
      return "its data dir " + self.dataDir() + " is out of space (free some, then start it again): ";
    }
    if (CorruptData.causedBy(failure)) {
      return "what it holds in " + self.dataDir() + " is corrupt (while the other nodes are up and caught up, "
          + "bin/raftcache-cluster rebuild --node " + self.id() + " discards it and the node rejoins from the leader): ";
    }
    return "";
  }

  /** The message of the deepest cause that has one: the wrappers' messages repeat it. */
  private static String innermostMessage(Throwable failure) {
    String message = failure.toString();
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  /** Exits at once, without shutdown hooks: the durable state is consistent, memory may not be. */
  private static void exitOnFatalError(SpaceReserve reserve, String what, Throwable cause) {
    boolean diskFull = DiskFull.causedBy(cause);
    if (diskFull) {
      reserve.release();
    }
    LOG.error("Fatal: {}; exiting so that the node restarts from its durable state{}", what,
        diskFull ? " (its data dir is out of space: free some, then start it again)" : "", cause);
    System.err.println("raftcache-node: fatal: " + what + (cause == null ? "" : ": " + innermostMessage(cause)));
    Runtime.getRuntime().halt(EXIT_FATAL);
  }

  private static int run(ClusterConfig cluster, NodeConfig self) throws InterruptedException {
    CacheNode node;
    try {
      SpaceReserve reserve = SpaceReserve.hold(self.dataDir());
      node = CacheNode.start(cluster, self, (what, cause) -> exitOnFatalError(reserve, what, cause));
    } catch (IOException | RuntimeException e) { // Ratis wraps what its start threw in CompletionExceptions
      LOG.error("Node {} could not start", self.id(), e);
      System.err.println("raftcache-node: " + cluster.file() + ": node " + self.id() + " could not start: "
          + advice(e, self) + innermostMessage(e));
      return EXIT_CONFIG;
    }
    LOG.info("Node {} ({}) serving clients on {}, Raft on {}", self.id(), self.zone(), self.clientEndpoint(), self.raftAddress());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Node {} shutting down", self.id());
      try {
        node.close();
      } catch (IOException e) {
        LOG.warn("Closing node {} failed", self.id(), e);
      }
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
