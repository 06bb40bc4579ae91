package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.node.auth.PasswordHash;
import io.raftcache.testing.LoopbackPorts;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/raftcache-cluster: refuses a bad cluster file before starting anything, starts only the
 * nodes that are not running, and never takes a stale pid file's word for which process a node is.
 */
class ClusterScriptIT {
  @TempDir
  Path dir;

  private record Result(int exit, String output) {}

  private Result script(String action, Path config) throws Exception {
    Process p = new ProcessBuilder(ChaosCluster.ROOT.resolve("bin/raftcache-cluster").toString(), action, "--config",
        config.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private Result start(Path config) throws Exception {
    return script("start", config);
  }

  private Path config(int clientPort) throws Exception {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, String.format("""
        cluster: scripts
        nodes:
          - {id: a, zone: z1, host: 127.0.0.1, raft_port: %d, client_port: %d, data_dir: a}
          - {id: b, zone: z2, host: 127.0.0.1, raft_port: %d, client_port: %d, data_dir: b}
        """, LoopbackPorts.next(), clientPort, LoopbackPorts.next(), LoopbackPorts.next()));
    return file;
  }

  @Test
  void start_withSomeNodesRunning_startsOnlyTheOthers_andStopIgnoresAStalePidFile() throws Exception {
    Path file = config(LoopbackPorts.next());
    try {
      assertThat(start(file).exit()).isZero();
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(f -> f.toString().endsWith(".so"))).as("no copy of RocksDB's native library").isEmpty();
      }
      assertThat(dir.resolve("a/node.log")).content().contains("serving clients");
      long a = Long.parseLong(Files.readString(dir.resolve("a/node.pid")).trim());
      long b = Long.parseLong(Files.readString(dir.resolve("b/node.pid")).trim());
      ProcessHandle victim = ProcessHandle.of(b).orElseThrow();
      victim.destroyForcibly();
      victim.onExit().get(30, TimeUnit.SECONDS);

      Result down = script("status", file);
      assertThat(down.exit()).as(down.output()).isEqualTo(1);
      assertThat(down.output()).contains("b is down").containsPattern("a +" + a + " +" + dir.resolve("a"));

      Result restart = start(file);
      assertThat(restart.exit()).as(restart.output()).isZero();
      assertThat(restart.output()).contains("started b;").doesNotContain("started a");
      assertThat(Long.parseLong(Files.readString(dir.resolve("a/node.pid")).trim())).as("a kept running").isEqualTo(a);

      assertThat(script("stop", file).exit()).isZero();
      Process unrelated = new ProcessBuilder("sleep", "60").start();
      try {
        Files.writeString(dir.resolve("a/node.pid"), Long.toString(unrelated.pid()));
        Result stop = script("stop", file);
        assertThat(stop.output()).contains("a was not running (its node.pid named process " + unrelated.pid());
        assertThat(unrelated.isAlive()).as("a recycled pid is left alone").isTrue();
      } finally {
        unrelated.destroyForcibly();
      }
    } finally {
      script("stop", file);
    }
  }

  /**
   * Issue 14's two commands on a fresh directory: certs, then start, a cluster with TLS and users;
   * redis-cli over TLS gets NOAUTH, in plaintext nothing; the CLI logs in from its environment.
   */
  @Test
  void secureCluster_certsThenStart_refusesStrangers_andLetsItsUsersIn() throws Exception {
    int resp = LoopbackPorts.next();
    Path file = dir.resolve("secure.yaml");
    Files.writeString(file, String.format("""
        cluster: secure
        tls: {ca: tls/ca.crt, ca_key: tls/ca.key}
        nodes:
          - {id: a, zone: z1, host: 127.0.0.1, raft_port: %d, client_port: %d, resp_port: %d, data_dir: a,
             tls_cert: tls/a.crt, tls_key: tls/a.key}
          - {id: b, zone: z2, host: 127.0.0.1, raft_port: %d, client_port: %d, data_dir: b,
             tls_cert: tls/b.crt, tls_key: tls/b.key}
        users:
          - {name: app, password_hash: "%s", commands: [read, write], keys: ["session:*"]}
        """, LoopbackPorts.next(), LoopbackPorts.next(), resp, LoopbackPorts.next(), LoopbackPorts.next(),
        PasswordHash.of("app-password".toCharArray())));
    try {
      Result certs = script("certs", file);
      assertThat(certs.exit()).as(certs.output()).isZero();
      assertThat(certs.output()).contains("(a new CA)").contains("(a, for 127.0.0.1)");
      Result start = start(file);
      assertThat(start.exit()).as(start.output()).isZero();
      assertThat(start.output()).contains("SERVING").contains("the cluster has users");

      String ca = dir.resolve("tls/ca.crt").toString();
      assertThat(run(Map.of(), "redis-cli", "--tls", "--cacert", ca, "-p", Integer.toString(resp), "set", "k", "v"))
          .isEqualTo("NOAUTH Authentication required.");
      assertThat(run(Map.of(), "redis-cli", "-p", Integer.toString(resp), "set", "k", "v")).doesNotContain("OK");

      String cli = ChaosCluster.ROOT.resolve("bin/raftcache").toString();
      Map<String, String> app = Map.of("RAFTCACHE_USER", "app", "RAFTCACHE_PASSWORD", "app-password");
      assertThat(run(app, cli, "--config", file.toString(), "set", "session:1", "alice")).isEqualTo("OK");
      assertThat(run(app, cli, "--config", file.toString(), "get", "session:1")).isEqualTo("alice");
      assertThat(run(app, cli, "--config", file.toString(), "set", "other:1", "x")).contains("PERMISSION_DENIED");
      assertThat(run(Map.of(), cli, "--config", file.toString(), "get", "session:1")).contains("UNAUTHENTICATED");
    } finally {
      script("stop", file);
    }
  }

  /** A command's output (stdout and stderr), trimmed, with {@code environment} added to this JVM's. */
  private static String run(Map<String, String> environment, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("RAFTCACHE_USER");
    builder.environment().remove("RAFTCACHE_PASSWORD");
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void help_printsTheUsageOnly() throws Exception {
    Process p = new ProcessBuilder(ChaosCluster.ROOT.resolve("bin/raftcache-cluster").toString(), "--help")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(output).startsWith("raftcache-cluster start|stop|restart|rebuild|restore|status|certs").doesNotContain("set -e").doesNotContain("#");
  }

  @Test
  void start_missingField_exitsTwoNamingFileAndFieldAndStartsNothing() throws Exception {
    Path file = config(LoopbackPorts.next());
    Files.writeString(file, Files.readString(file).replace("zone: z2, ", ""));

    Result result = start(file);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains(file + ": nodes[1].zone: missing");
    assertThat(List.of(dir.resolve("a"), dir.resolve("b"))).noneMatch(Files::exists);
  }

  @Test
  void start_portInUse_exitsTwoNamingTheFieldAndStartsNothing() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      Path file = config(busy.getLocalPort());

      Result result = start(file);

      assertThat(result.exit()).isEqualTo(2);
      assertThat(result.output()).contains(file + ": nodes[0].client_port: cannot listen on 127.0.0.1:" + busy.getLocalPort());
      assertThat(dir.resolve("a/node.pid")).doesNotExist();
      assertThat(dir.resolve("b/node.pid")).doesNotExist();
    }
  }
}
