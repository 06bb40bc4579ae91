package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.Tunables;
import io.raftcache.testing.RespWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RESP port of real nodes, spoken to byte by byte: framing, pipelining, bad input, limits. */
class RespProtocolIT {
  private static final int MAX_CLIENTS = 5_000;

  @TempDir
  static Path dir;
  static MiniCluster cluster;
  static NodeConfig leader;
  static NodeConfig follower;

  @BeforeAll
  static void start() throws IOException {
    Tunables fast = MiniCluster.fastTunables();
    Tunables tunables = new Tunables(fast.electionTimeoutMin(), fast.electionTimeoutMax(),
        fast.snapshotIntervalEntries(), fast.logSegmentBytes(), fast.logRetainEntries(), fast.maxKeyBytes(),
        fast.maxValueBytes(), fast.maxBatchKeys(), fast.expiryScanInterval(), MAX_CLIENTS, Duration.ofSeconds(1),
        fast.memory());
    cluster = MiniCluster.start(dir, 3, tunables);
    String leaderId = cluster.awaitLeader();
    leader = cluster.node(leaderId);
    follower = cluster.config.nodes().stream().filter(n -> !n.id().equals(leaderId)).findFirst().orElseThrow();
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
  }

  private static RespWire connect(NodeConfig node) throws IOException {
    return new RespWire(node.host(), node.respPort());
  }

  @Test
  void pipelinedCommands_inOneWrite_areAnsweredInOrder() throws IOException {
    try (RespWire wire = connect(follower)) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < 300; i++) {
        batch.writeBytes(RespWire.encode("SET", "pipe:" + i, "v" + i));
        batch.writeBytes(RespWire.encode("INCR", "pipe:count"));
        batch.writeBytes(RespWire.encode("GET", "pipe:" + i));
      }
      wire.send(batch.toByteArray());

      for (int i = 0; i < 300; i++) {
        assertThat(wire.reply()).isEqualTo("+OK\r\n");
        assertThat(wire.reply()).isEqualTo(":" + (i + 1) + "\r\n");
        assertThat(wire.reply()).isEqualTo("$" + ("v" + i).length() + "\r\nv" + i + "\r\n");
      }
    }
  }

  @Test
  void pipelinedWritesAfterARead_runInTheOrderSent_evenThroughAFollower() throws IOException {
    try (RespWire wire = connect(follower)) {
      for (int round = 0; round < 20; round++) {
        String key = "order:" + round;
        wire.send(String.join("", List.of(new String(RespWire.encode("GET", key)), new String(RespWire.encode("SET", key, "1")),
            new String(RespWire.encode("INCR", key)), new String(RespWire.encode("INCR", key)),
            new String(RespWire.encode("GET", key)))));
        assertThat(wire.reply()).isEqualTo("$-1\r\n");
        assertThat(wire.reply()).isEqualTo("+OK\r\n");
        assertThat(wire.reply()).isEqualTo(":2\r\n");
        assertThat(wire.reply()).isEqualTo(":3\r\n");
        assertThat(wire.reply()).isEqualTo("$1\r\n3\r\n");
      }
    }
  }

  @Test
  void aPipelinedTransaction_holdsExactlyTheCommandsBetweenMultiAndExec() throws IOException {
    try (RespWire wire = connect(follower)) {
      wire.send(new String(RespWire.encode("GET", "ptx:a")) + new String(RespWire.encode("WATCH", "ptx:a"))
          + new String(RespWire.encode("MULTI")) + new String(RespWire.encode("SET", "ptx:x", "1"))
          + new String(RespWire.encode("EXEC")) + new String(RespWire.encode("SET", "ptx:y", "2"))
          + new String(RespWire.encode("MULTI")) + new String(RespWire.encode("DISCARD")));

      assertThat(wire.reply()).isEqualTo("$-1\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+QUEUED\r\n");
      assertThat(wire.reply()).isEqualTo("*1\r\n+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.call("MGET", "ptx:x", "ptx:y")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    }
  }

  @Test
  void quit_isAnsweredAndTheConnectionClosed() throws IOException {
    try (RespWire wire = connect(leader)) {
      assertThat(wire.call("QUIT")).isEqualTo("+OK\r\n");
      assertThat(wire.closedByServer()).isTrue();
    }
  }

  @Test
  void inlineCommands_asTelnetSendsThem_areUnderstood() throws IOException {
    try (RespWire wire = connect(leader)) {
      wire.send("SET inline \"hello world\"\r\nGET inline\nPING\r\n\r\n");

      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("$11\r\nhello world\r\n");
      assertThat(wire.reply()).isEqualTo("+PONG\r\n");
    }
  }

  @Test
  void hello3_switchesTheConnectionToResp3Types() throws IOException {
    try (RespWire wire = connect(follower)) {
      assertThat(wire.call("HSET", "r3", "f", "v")).isEqualTo(":1\r\n");
      assertThat(wire.call("GET", "r3:missing")).isEqualTo("$-1\r\n");

      assertThat(wire.call("HELLO", "3")).startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
      assertThat(wire.call("HGETALL", "r3")).isEqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
      assertThat(wire.call("GET", "r3:missing")).isEqualTo("_\r\n");
      assertThat(wire.call("HELLO", "4")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
    }
  }

  @Test
  void watchedKeyChangedByAnotherClient_execAppliesNothing_otherwiseItAppliesAllAtOnce() throws IOException {
    try (RespWire a = connect(follower); RespWire b = connect(leader)) {
      assertThat(a.call("SET", "tx:w", "1")).isEqualTo("+OK\r\n");
      assertThat(a.call("WATCH", "tx:w")).isEqualTo("+OK\r\n");
      assertThat(b.call("SET", "tx:w", "2")).isEqualTo("+OK\r\n");
      assertThat(a.call("MULTI")).isEqualTo("+OK\r\n");
      assertThat(a.call("INCR", "tx:w")).isEqualTo("+QUEUED\r\n");
      assertThat(a.call("SET", "tx:other", "x")).isEqualTo("+QUEUED\r\n");

      assertThat(a.call("EXEC")).isEqualTo("*-1\r\n");
      assertThat(a.call("MGET", "tx:w", "tx:other")).isEqualTo("*2\r\n$1\r\n2\r\n$-1\r\n");

      assertThat(a.call("MULTI")).isEqualTo("+OK\r\n");
      a.call("INCR", "tx:w");
      a.call("HSET", "tx:w", "f", "v");
      a.call("GET", "tx:w");
      assertThat(a.call("EXEC")).isEqualTo(
          "*3\r\n:3\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n$1\r\n3\r\n");
    }
  }

  @Test
  void garbage_isAProtocolError_theConnectionClosed_nothingApplied() throws IOException {
    assertRefused("*2\r\n$3\r\nSET\r\n:12\r\n", "-ERR Protocol error: expected '$', got ':'\r\n");
    assertRefused("*x\r\n$3\r\nDEL\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
  }

  @Test
  void aBulkLengthOf2GB_isRefusedBeforeAnyOfItIsRead() throws IOException {
    assertRefused("*3\r\n$3\r\nSET\r\n$7\r\nrefused\r\n$2147483648\r\nabc", "-ERR Protocol error: invalid bulk length\r\n");
  }

  @Test
  void tenThousandNestedArrays_areAProtocolError() throws IOException {
    assertRefused("*1\r\n".repeat(10_000), "-ERR Protocol error: expected '$', got '*'\r\n");
  }

  @Test
  void halfACommandThenSilence_isClosedAfterTheStallTimeout() throws IOException {
    try (RespWire wire = connect(leader)) {
      wire.send("*3\r\n$3\r\nSET\r\n$7\r\nrefused\r\n$5\r\nab");

      assertThat(wire.reply()).isEqualTo("-ERR Protocol error: the rest of the command did not arrive in time\r\n");
      assertThat(wire.closedByServer()).isTrue();
    }
    assertNotApplied();
  }

  @Test
  void thousandsOfIdleConnections_theNodeServesOn_andOneOverMaxClientsIsRefused() throws IOException {
    List<Socket> idle = new ArrayList<>();
    try (RespWire first = connect(leader)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> first.call("PING").equals("+PONG\r\n"));
      for (int i = 0; i < MAX_CLIENTS - 1; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(leader.host(), leader.respPort()), 5_000);
        idle.add(s);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> clients(first) >= MAX_CLIENTS);

      try (RespWire oneTooMany = connect(leader)) {
        assertThat(oneTooMany.reply()).isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(oneTooMany.closedByServer()).isTrue();
      }
      assertThat(first.call("SET", "still", "served")).isEqualTo("+OK\r\n");
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    try (RespWire after = connect(follower)) {
      assertThat(after.call("GET", "still")).isEqualTo("$6\r\nserved\r\n");
    }
  }

  private static long clients(RespWire wire) throws IOException {
    String info = wire.call("INFO", "clients");
    String line = info.lines().filter(l -> l.startsWith("connected_clients:")).findFirst().orElseThrow();
    return Long.parseLong(line.substring("connected_clients:".length()).trim());
  }

  private static void assertRefused(String bytes, String error) throws IOException {
    try (RespWire wire = connect(leader)) {
      wire.send(bytes);
      assertThat(wire.reply()).isEqualTo(error);
      assertThat(wire.closedByServer()).isTrue();
    }
    assertNotApplied();
  }

  private static void assertNotApplied() throws IOException {
    try (RespWire wire = connect(follower)) {
      assertThat(wire.call("EXISTS", "refused")).isEqualTo(":0\r\n");
      assertThat(wire.call("PING")).isEqualTo("+PONG\r\n");
    }
  }
}
