package io.raftcache.chaos.harness;

import io.raftcache.client.CacheClient;
import io.raftcache.client.MemberStatus;
import io.raftcache.client.RetryPolicy;
import redis.clients.jedis.DefaultJedisClientConfig;
import io.raftcache.node.auth.PasswordHash;
import io.raftcache.testing.LoopbackPorts;
import io.raftcache.testing.TrustedCa;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real node processes, started the way users start them: a generated cluster file (free ports,
 * a temp dir), {@code bin/raftcache-cluster start} on loopback, and {@code bin/raftcache-node} for
 * every restart (inside the node's network namespace when there is one). It kills every node it
 * knows when closed, and from a JVM shutdown hook if the test dies first.
 */
public final class ChaosCluster implements AutoCloseable {
  /** The user every client of a secured cluster logs in as. */
  public static final String USER = "chaos";
  public static final Path ROOT = Path.of(System.getProperty("raftcache.root", "..")).toAbsolutePath().normalize();

  /** One member, with where it listens and keeps its data. */
  public record Node(int index, String id, String zone, String host, int raftPort, int clientPort, int respPort,
      Path dataDir) {
    public String endpoint() {
      return host + ":" + clientPort;
    }

    /** Where Redis clients connect. */
    public String respEndpoint() {
      return host + ":" + respPort;
    }
  }

  private final Path configFile;
  /** The file's lines after the node entries. */
  private final String fileTail;
  private final List<Node> nodes;
  /**
   * A node outside the cluster file until a fault enrols it, to be added to the group and removed
   * again; on loopback only (the network namespaces are made for the file's nodes).
   */
  private final Optional<Node> spare;
  private volatile boolean spareEnrolled;
  private final Network network;
  /** The cluster's CA when it is secured (TLS and a user). */
  private final Optional<Path> ca;
  /** The password of the user every client of a secured cluster logs in as. */
  private final String password;
  private final CacheClient admin;
  private final Thread killOnExit;
  /** The data dirs' own filesystems, or why they have none (then they share the machine's disk). */
  private final OwnDisks disks = new OwnDisks();
  private Optional<String> noOwnDisks = Optional.of("the cluster was started on the machine's disk");

  private ChaosCluster(Path configFile, String fileTail, List<Node> nodes, Optional<Node> spare,
      Network network, Optional<Path> ca, String password) {
    this.configFile = configFile;
    this.fileTail = fileTail;
    this.nodes = nodes;
    this.spare = spare;
    this.network = network;
    this.ca = ca;
    this.password = password;
    this.admin = builder(nodes).timeout(Duration.ofSeconds(1)).build();
    this.killOnExit = new Thread(this::killAll, "chaos-cluster-cleanup");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Starts one node per entry of {@code zones} and waits for a leader.
   *
   * @param tunables YAML lines under {@code tunables:} (indented by two spaces), or ""
   */
  public static ChaosCluster start(Path dir, List<String> zones, Network network, String tunables) throws Exception {
    return start(dir, zones, network, tunables, false);
  }

  /**
   * As above; {@code secured}: TLS on every port (the certificates made by
   * {@code bin/raftcache-cluster certs} as a user makes them) and one user, {@link #USER}, whom
   * every client of the harness logs in as, trusting the cluster's CA.
   */
  public static ChaosCluster start(Path dir, List<String> zones, Network network, String tunables, boolean secured)
      throws Exception {
    return start(dir, zones, network, tunables, secured, false);
  }

  /** As above; {@code ownDisks}: each node's data dir on a small filesystem of its own (as root; see {@link OwnDisks}). */
  public static ChaosCluster start(Path dir, List<String> zones, Network network, String tunables, boolean secured,
      boolean ownDisks) throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      nodes.add(newNode(dir, i, zones.get(i), network.host(i)));
    }
    Optional<Node> spare = network.canPartition() ? Optional.empty()
        : Optional.of(newNode(dir, zones.size(), "az-spare", "127.0.0.1"));
    StringBuilder tail = new StringBuilder();
    if (!tunables.isEmpty()) {
      tail.append("tunables:\n").append(tunables);
    }
    Path configFile = dir.resolve("cluster.yaml");
    String password = UUID.randomUUID().toString();
    if (secured) {
      tail.append("tls: {ca: tls/ca.crt, ca_key: tls/ca.key}\n");
      tail.append(String.format("users:%n  - {name: %s, password_hash: \"%s\", commands: [all], keys: [\"*\"]}%n",
          USER, PasswordHash.of(password.toCharArray())));
    }
    writeFile(configFile, nodes, tail.toString(), secured);
    ChaosCluster cluster = new ChaosCluster(configFile, tail.toString(), List.copyOf(nodes),
        spare, network, secured ? Optional.of(dir.resolve("tls/ca.crt")) : Optional.empty(), password);
    try {
      if (ownDisks) {
        cluster.noOwnDisks = OwnDisks.unavailableReason(dir);
        if (cluster.noOwnDisks.isEmpty()) {
          for (Node n : nodes) {
            cluster.disks.mount(n.dataDir());
          }
        }
      }
      if (network.canPartition()) {
        // bin/raftcache-cluster starts nodes in this namespace; each node needs its own.
        for (Node n : nodes) {
          cluster.launch(n);
        }
      } else {
        script("raftcache-cluster", "start", "--config", configFile.toString());
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static Node newNode(Path dir, int index, String zone, String host) {
    String id = "node-" + (index + 1);
    return new Node(index, id, zone, host, LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next(),
        dir.resolve(id));
  }

  /** Writes the cluster file listing {@code listed}; makes the certificates it names that are missing. */
  private static void writeFile(Path configFile, List<Node> listed, String fileTail, boolean secured) throws Exception {
    StringBuilder yaml = new StringBuilder("cluster: chaos\nnodes:\n");
    for (Node n : listed) {
      String certificate = secured ? String.format(", tls_cert: tls/%1$s.crt, tls_key: tls/%1$s.key", n.id()) : "";
      yaml.append(String.format(
          "  - {id: %s, zone: %s, host: %s, raft_port: %d, client_port: %d, resp_port: %d, data_dir: %s%s}%n",
          n.id(), n.zone(), n.host(), n.raftPort(), n.clientPort(), n.respPort(), n.dataDir(), certificate));
    }
    Files.writeString(configFile, yaml.append(fileTail));
    if (secured) {
      script("raftcache-cluster", "certs", "--config", configFile.toString());
    }
  }

  /** The nodes the cluster file lists now. */
  private List<Node> fileNodes() {
    return spareEnrolled ? allNodes() : nodes;
  }

  /** The cluster's nodes; the spare is not one of them. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Why the data dirs are not on filesystems of their own, which a fault could fill, or empty if they are. */
  public Optional<String> noOwnDisks() {
    return noOwnDisks;
  }

  public Optional<Node> spare() {
    return spare;
  }

  /** Lists the spare in the cluster file, as an operator does before starting a new node. */
  public void enrolSpare() throws Exception {
    spareEnrolled = true;
    writeFile(configFile, fileNodes(), fileTail, ca.isPresent());
  }

  /** Takes the spare out of the cluster file again, once it is stopped and out of the group. */
  public void retireSpare() throws Exception {
    spareEnrolled = false;
    writeFile(configFile, fileNodes(), fileTail, ca.isPresent());
  }

  public Network network() {
    return network;
  }

  /** A client of the whole cluster. */
  public CacheClient client(Duration timeout, RetryPolicy retry) {
    return builder(nodes).timeout(timeout).retryPolicy(retry).build();
  }

  /** A client that knows only {@code node}: it asks that node first, whatever has happened since. */
  public CacheClient clientOf(Node node, Duration timeout) {
    return builder(List.of(node)).timeout(timeout).build();
  }

  /** A client builder for these nodes, over TLS when the cluster has it. */
  private CacheClient.Builder builder(List<Node> of) {
    CacheClient.Builder builder = CacheClient.builder().endpoints(of.stream().map(Node::endpoint).toList());
    ca.ifPresent(trusted -> builder.tls(trusted).credentials(USER, password));
    return builder;
  }

  /** How a Redis client of this cluster connects: plaintext, or TLS trusting its CA and logged in as {@link #USER}. */
  public DefaultJedisClientConfig.Builder respConfig() throws GeneralSecurityException, IOException {
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder();
    if (ca.isPresent()) {
      config.ssl(true).sslSocketFactory(TrustedCa.context(ca.get()).getSocketFactory()).user(USER).password(password);
    }
    return config;
  }


  // ---- processes

  /** Starts a node in the background with bin/raftcache-node, as bin/raftcache-cluster does. */
  public void launch(Node node) throws IOException {
    List<String> command = network.wrap(node.index(), List.of(ROOT.resolve("bin/raftcache-node").toString(),
        "--config", configFile.toString(), "--node", node.id()));
    Files.createDirectories(node.dataDir());
    ProcessBuilder launcher = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dataDir().resolve("node.out").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    launcher.environment().put("RAFTCACHE_LOG_FILE", node.dataDir().resolve("node.log").toString());
    launcher.environment().putAll(NodeShim.environment());
    Process p = launcher.start();
    Files.writeString(node.dataDir().resolve("node.pid"), Long.toString(p.pid()));
    awaitServing(node, p.toHandle(), Duration.ofSeconds(60));
  }

  /** Waits until a started node answers; fails with the end of its log if it exits instead. */
  private void awaitServing(Node node, ProcessHandle process, Duration timeout) throws IOException {
    // Asks the node itself: one waiting to be added to the group answers too.
    try (CacheClient own = builder(List.of(node)).timeout(Duration.ofSeconds(1)).build()) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (own.clusterStatus().stream().noneMatch(m -> m.nodeId().equals(node.id()) && m.reachable())) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          List<String> log = new ArrayList<>();
          for (String name : List.of("node.out", "node.log")) {
            Path file = node.dataDir().resolve(name);
            if (Files.exists(file)) {
              log.addAll(Files.readAllLines(file));
            }
          }
          throw new IllegalStateException(node.id() + (process.isAlive() ? " did not answer within " + timeout.toSeconds()
              + " s" : " exited") + "; the end of its log:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
      }
    }
  }

  public Optional<ProcessHandle> process(Node node) {
    Path pidFile = node.dataDir().resolve("node.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
          .filter(p -> p.isAlive() && !isZombie(p.pid()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean isRunning(Node node) {
    return process(node).isPresent();
  }

  /** SIGKILL: no shutdown hook, nothing flushed. */
  public void kill(Node node) {
    kill(List.of(node));
  }

  /** SIGKILL to every one of {@code victims} at once, then waits for them to be gone. */
  public void kill(List<Node> victims) {
    List<ProcessHandle> dying = new ArrayList<>();
    for (Node n : victims) {
      process(n).ifPresent(p -> {
        p.destroyForcibly();
        dying.add(p);
      });
    }
    for (ProcessHandle p : dying) {
      awaitGone(p);
    }
    for (Node n : victims) {
      forgetPid(n);
    }
  }

  /** Waits up to 30 s for a process to end; a zombie (killed, not yet reaped) counts as ended. */
  private static void awaitGone(ProcessHandle p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (p.isAlive() && !isZombie(p.pid())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("process " + p.pid() + " still alive 30 s after SIGKILL");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException gone) {
      return true;
    }
  }

  private static void forgetPid(Node node) {
    try {
      Files.deleteIfExists(node.dataDir().resolve("node.pid"));
    } catch (IOException ignored) {
      // a stale pid file names a dead process; process() checks liveness anyway
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited in 20 s. */
  public void stop(Node node) throws Exception {
    Optional<ProcessHandle> p = process(node);
    if (p.isPresent()) {
      p.get().destroy();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (p.get().isAlive() && !isZombie(p.get().pid()) && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
      }
      kill(node);
    }
  }

  public void pause(Node node) throws Exception {
    signal(node, "STOP");
  }

  public void resume(Node node) throws Exception {
    signal(node, "CONT");
  }

  private void signal(Node node, String signal) throws Exception {
    long pid = process(node).orElseThrow(() -> new IllegalStateException(node.id() + " is not running")).pid();
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  /** Deletes everything the node stored, if anything (its logs survive, for the report). */
  public void wipe(Node node) throws IOException {
    if (!Files.exists(node.dataDir())) {
      return;
    }
    try (Stream<Path> entries = Files.list(node.dataDir())) {
      for (Path p : entries.filter(p -> !isLog(p.getFileName().toString())).toList()) {
        deleteRecursively(p);
      }
    }
  }

  private static boolean isLog(String name) {
    return name.startsWith("node.log") || name.startsWith("node.out");
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (Stream<Path> children = Files.list(p)) {
        for (Path c : children.toList()) {
          deleteRecursively(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }

  // ---- what the cluster says

  public List<MemberStatus> status() {
    return admin.clusterStatus();
  }

  /**
   * The ready leader of the highest term that a majority of the group names as leader; a deposed
   * leader that has not noticed yet is not it.
   */
  public Optional<Node> leader() {
    List<MemberStatus> members = status();
    return members.stream()
        .filter(m -> m.isLeader() && m.leaderReady())
        .max(java.util.Comparator.comparingLong(MemberStatus::term))
        .filter(m -> members.stream().filter(o -> o.reachable() && o.leaderId().equals(m.nodeId())
            && o.term() == m.term()).count() > members.stream().filter(MemberStatus::inGroup).count() / 2)
        .flatMap(m -> fileNodes().stream().filter(n -> n.id().equals(m.nodeId())).findFirst());
  }

  /** A node other than {@code leader}, chosen with {@code random}. */
  public Node follower(Node leader, java.util.Random random) {
    List<Node> followers = nodes.stream().filter(n -> !n.equals(leader)).toList();
    return followers.get(random.nextInt(followers.size()));
  }

  public Node awaitLeader(Duration timeout) {
    awaitTrue(timeout, "a ready leader", () -> leader().isPresent());
    return leader().orElseThrow();
  }

  /**
   * Waits until every running node the file lists (the spare too, once enrolled) answers and has
   * applied what the leader had committed.
   */
  public void awaitCaughtUp(Duration timeout) {
    Node leader = awaitLeader(timeout);
    long committed = status().stream().filter(m -> m.nodeId().equals(leader.id())).findFirst()
        .map(MemberStatus::commitIndex).orElse(0L);
    awaitTrue(timeout, "every running node applied index " + committed, () -> status().stream()
        .filter(m -> fileNodes().stream().anyMatch(n -> n.id().equals(m.nodeId()) && isRunning(n)))
        .allMatch(m -> m.reachable() && m.appliedIndex() >= committed));
  }

  /**
   * Waits until every member of the group reports the same digest at the same applied index;
   * returns empty when they do, or what they last reported if they still do not after
   * {@code timeout}. A node removed from the group is no replica, though a client that once
   * learned its address still asks it.
   */
  public Optional<String> awaitConverged(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<MemberStatus> members = groupStatus();
    while (!members.stream().allMatch(MemberStatus::reachable)
        || members.stream().map(m -> m.appliedIndex() + "/" + m.digest()).distinct().count() != 1) {
      if (System.nanoTime() > deadline) {
        return Optional.of(members.stream()
            .map(m -> m.nodeId() + " " + m.role() + " applied=" + m.appliedIndex() + " commit=" + m.commitIndex()
                + " digest=" + Long.toHexString(m.digest()) + " keys=" + m.keyCount() + m.error().map(e -> " " + e).orElse(""))
            .toList().toString());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
      members = groupStatus();
    }
    return Optional.empty();
  }

  private List<MemberStatus> groupStatus() {
    return status().stream().filter(MemberStatus::inGroup).toList();
  }

  /** Waits until {@code condition} holds; fails naming {@code what} was awaited after {@code timeout}. */
  public static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " within " + timeout.toSeconds() + " s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }

  /** Copies each node's log to {@code target}, for the report. */
  public void copyLogs(Path target) throws IOException {
    Files.createDirectories(target);
    for (Node n : allNodes()) {
      for (String name : List.of("node.log", "node.out")) {
        Path log = n.dataDir().resolve(name);
        if (Files.exists(log)) {
          Files.copy(log, target.resolve(n.id() + name.substring("node".length())), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * {@code bin/raftcache-cluster restart --rolling}, as an operator runs it (logged in as
   * {@link #USER} where the cluster has users); returns what it printed.
   */
  public String rollingRestartByScript() throws Exception {
    Map<String, String> environment = ca.isPresent()
        ? Map.of("RAFTCACHE_USER", USER, "RAFTCACHE_PASSWORD", password) : Map.of();
    return script(environment, Duration.ofMinutes(10), "raftcache-cluster", "restart", "--rolling", "--config",
        configFile.toString());
  }

  /** {@code bin/raftcache-cluster rebuild --node ID}, as an operator runs it for a stopped, corrupt node; returns its output. */
  public String rebuildByScript(Node node) throws Exception {
    Map<String, String> environment = ca.isPresent()
        ? Map.of("RAFTCACHE_USER", USER, "RAFTCACHE_PASSWORD", password) : Map.of();
    return script(environment, Duration.ofMinutes(4), "raftcache-cluster", "rebuild", "--node", node.id(), "--config",
        configFile.toString());
  }

  /** Runs a bin/ script to completion; fails if it exits non-zero. */
  private static void script(String name, String... args) throws Exception {
    script(Map.of(), Duration.ofMinutes(2), name, args);
  }

  private static String script(Map<String, String> environment, Duration timeout, String name, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin").resolve(name).toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(name, ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(NodeShim.environment()); // into the nodes the script starts
      builder.environment().putAll(environment);
      Process p = builder.start();
      boolean exited = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly();
      }
      if (!exited || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + (exited ? " failed" : " hung") + ":\n"
            + Files.readString(output));
      }
      return Files.readString(output);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private void killAll() {
    kill(allNodes());
  }

  /** The cluster's nodes and the spare, whether or not it is listed now. */
  private List<Node> allNodes() {
    return Stream.concat(nodes.stream(), spare.stream()).toList();
  }

  /** Stops every node (a paused one is killed), whatever state the test left them in. */
  @Override
  public void close() {
    for (Node n : allNodes()) {
      process(n).ifPresent(p -> {
        try {
          resume(n);
        } catch (Exception ignored) {
          // killed below anyway
        }
      });
    }
    killAll();
    disks.close();
    admin.close();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to
    }
  }
}
