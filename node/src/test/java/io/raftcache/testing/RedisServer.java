package io.raftcache.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code redis-server} (the Debian package; {@code .ci/run} installs it when missing) on a
 * free loopback port, without persistence: the oracle the RESP tests compare raftcache with.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisServer start(Path dir) throws IOException {
    int port = LoopbackPorts.next();
    Path log = dir.resolve("redis.log");
    Process process;
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString()))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IOException("redis-server is needed as the oracle of the RESP tests and could not be run"
          + " (apt-get install redis-server; .ci/run does it): " + e.getMessage(), e);
    }
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> answersPing(port));
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new IOException("redis-server did not answer on port " + port + ": " + Files.readString(log));
    }
    return new RedisServer(process, port);
  }

  private static boolean answersPing(int port) throws IOException {
    try (RespWire wire = new RespWire("127.0.0.1", port)) {
      return wire.call("PING").equals("+PONG\r\n");
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
