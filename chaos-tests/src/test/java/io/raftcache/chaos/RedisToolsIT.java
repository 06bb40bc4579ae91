package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.Network;
import io.raftcache.testing.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis's own command-line tools against three node processes, as the README's first steps use
 * them: redis-cli's replies and exit codes (the same as against Redis: 0 even for an error reply,
 * 1 when it cannot connect), its --pipe mass insert, redis-benchmark, and a read from a survivor
 * after the leader is SIGKILLed.
 */
class RedisToolsIT {
  @TempDir
  Path dir;

  @Test
  void redisCliAndBenchmark_workUnchanged_andAnAcknowledgedWriteSurvivesTheLeader() throws Exception {
    try (ChaosCluster cluster = ChaosCluster.start(dir, List.of("az-a", "az-b", "az-c"), Network.loopback(), "")) {
      ChaosCluster.Node leader = cluster.awaitLeader(Duration.ofSeconds(30));
      ChaosCluster.Node follower = cluster.follower(leader, new Random(1));

      assertThat(run("", "redis-cli", "-p", port(follower), "set", "greeting", "hello")).isEqualTo(new Result(0, "OK\n"));
      assertThat(run("", "redis-cli", "-p", port(leader), "get", "greeting")).isEqualTo(new Result(0, "hello\n"));
      assertThat(run("", "redis-cli", "-p", port(follower), "incr", "greeting"))
          .isEqualTo(new Result(0, "ERR value is not an integer or out of range\n\n"));
      assertThat(run("", "redis-cli", "-p", port(follower), "--no-raw", "lpush", "queue", "a", "b"))
          .isEqualTo(new Result(0, "(integer) 2\n"));
      int closedPort = LoopbackPorts.next();
      assertThat(run("", "redis-cli", "-p", Integer.toString(closedPort), "ping").exitCode()).isEqualTo(1);

      // Before the mass insert: 1,000 writes pipelined at once through a follower of a cold cluster
      // can outlast the 5 s forwarding deadline on a loaded machine (a start-up cost, issue 13).
      Result benchmark = run("", "redis-benchmark", "-p", port(follower), "-t", "set,get", "-n", "2000", "-c", "10", "-q");
      assertThat(benchmark.exitCode()).isZero();
      assertThat(benchmark.output()).contains("SET: ", "GET: ", "requests per second").doesNotContainIgnoringCase("error");

      StringBuilder massInsert = new StringBuilder();
      for (int i = 0; i < 1000; i++) {
        massInsert.append("SET mass:").append(i).append(' ').append(i).append('\n');
      }
      Result pipe = run(massInsert.toString(), "redis-cli", "-p", port(follower), "--pipe");
      assertThat(pipe.exitCode()).as(pipe.output()).isZero();
      assertThat(pipe.output()).contains("errors: 0, replies: 1000");
      assertThat(run("", "redis-cli", "-p", port(leader), "get", "mass:999")).isEqualTo(new Result(0, "999\n"));

      cluster.kill(leader);
      assertThat(run("", "redis-cli", "-p", port(follower), "get", "greeting")).isEqualTo(new Result(0, "hello\n"));
    }
  }

  private static String port(ChaosCluster.Node node) {
    return Integer.toString(node.respPort());
  }

  private record Result(int exitCode, String output) {}

  /** Runs a tool to completion with {@code input} on its standard input; standard error joins the output. */
  private static Result run(String input, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
