package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.testing.LoopbackPorts;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/raftcache-cluster refuses a bad cluster file before starting anything. */
class ClusterScriptIT {
  @TempDir
  Path dir;

  private record Result(int exit, String output) {}

  private Result start(Path config) throws Exception {
    Process p = new ProcessBuilder(io.raftcache.chaos.harness.ChaosCluster.ROOT.resolve("bin/raftcache-cluster").toString(), "start", "--config", config.toString())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
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
