package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.raftcache.client.CacheClient;
import io.raftcache.client.ClusterUnavailableException;
import io.raftcache.node.config.CertificateFiles;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.TlsConfig;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.testing.TrustedCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Issue 14, transport security: with a tls section every port of every node speaks TLS only. The
 * SDK, Jedis, redis-cli and an HTTPS scraper get in with the cluster's CA; plaintext and
 * other-CA clients get nothing; a node whose certificate another CA signed can neither join nor
 * disturb the group; and only nodes may forward writes.
 */
class TlsIT {
  private static final Duration SHORT = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  @Test
  void everyPortServesTlsClientsOfTheClusterCaOnly() throws Exception {
    try (MiniCluster cluster = MiniCluster.startWithTls(dir.resolve("cluster"), 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      Path ca = cluster.config.tls().orElseThrow().ca();
      Path otherCa = otherCluster().tls().orElseThrow().ca();

      // The SDK over TLS.
      client.set("session:1", "alice");
      assertThat(client.get("session:1")).contains("alice");

      // A plaintext SDK client and one trusting another CA: refused, and nothing written.
      try (CacheClient plaintext = CacheClient.builder().endpoints(cluster.endpoints()).timeout(SHORT).build();
          CacheClient stranger = CacheClient.builder().endpoints(cluster.endpoints()).timeout(SHORT).tls(otherCa).build()) {
        // Either way the handshake fails: to the SDK the node is unreachable.
        assertThatThrownBy(() -> plaintext.set("session:1", "mallory")).isInstanceOf(ClusterUnavailableException.class);
        assertThatThrownBy(() -> stranger.set("session:1", "mallory")).isInstanceOf(ClusterUnavailableException.class);
      }
      assertThat(client.get("session:1")).contains("alice");

      // RESP: Jedis over TLS, on a follower too (its write goes to the leader over mutual TLS).
      String follower = cluster.config.nodes().stream().map(NodeConfig::id).filter(id -> !id.equals(leader))
          .findFirst().orElseThrow();
      try (Jedis jedis = tlsJedis(cluster.node(follower), ca)) {
        assertThat(jedis.set("session:2", "bob")).isEqualTo("OK");
        assertThat(jedis.get("session:1")).isEqualTo("alice");
      }
      assertThat(client.get("session:2")).contains("bob");
      // (Jedis speaks as it connects: CLIENT SETINFO.)
      assertThatThrownBy(() -> ping(new Jedis(new HostAndPort("127.0.0.1", cluster.node(leader).respPort()),
          DefaultJedisClientConfig.builder().socketTimeoutMillis(2_000).build())))
          .isInstanceOf(JedisConnectionException.class);
      assertThatThrownBy(() -> ping(tlsJedis(cluster.node(leader), otherCa))).isInstanceOf(JedisConnectionException.class);

      // redis-cli --tls, as a user would type it; without --tls it gets no answer.
      int resp = cluster.node(leader).respPort();
      assertThat(redisCli("--tls", "--cacert", ca.toString(), "-p", Integer.toString(resp), "get", "session:2"))
          .isEqualTo("bob");
      assertThat(redisCli("-p", Integer.toString(resp), "get", "session:2")).contains("Server closed the connection")
          .doesNotContain("bob");

      // The metrics port: HTTPS only.
      URI metrics = URI.create("https://127.0.0.1:" + cluster.node(leader).metricsPort() + "/metrics");
      HttpResponse<String> scraped = HttpClient.newBuilder().sslContext(TrustedCa.context(ca)).build()
          .send(HttpRequest.newBuilder(metrics).timeout(SHORT).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("raftcache_keys");
      URI plainMetrics = URI.create("http://127.0.0.1:" + cluster.node(leader).metricsPort() + "/metrics");
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plainMetrics).timeout(SHORT).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);

      // The forwarding service takes entries only from nodes: a TLS client without a node's
      // certificate is refused, and its forged entry is not applied.
      assertThat(forward(cluster.node(leader), ca, "session:1", "forged").getCode())
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(client.get("session:1")).contains("alice");
    }
  }

  @Test
  void aNodeWithAnotherCasCertificateNeitherJoinsNorDisturbsTheGroup() throws Exception {
    try (MiniCluster cluster = MiniCluster.startWithTls(dir.resolve("cluster"), 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      client.set("session:1", "alice");
      cluster.awaitConverged();
      // n3's machine is taken over: an impostor with n3's id and ports, an empty disk, and a
      // certificate (and trust) of its own CA. It stands for election again and again.
      String leaderBefore = cluster.awaitLeader();
      if (leaderBefore.equals("n3")) {
        cluster.stop("n3");
        leaderBefore = cluster.awaitLeader();
      } else {
        cluster.stop("n3");
      }
      long termBefore = cluster.status(leaderBefore).term();
      cluster.wipe("n3");
      ClusterConfig impostor = impostorOf(cluster.config, "n3");
      MiniCluster.makeCertificates(impostor);
      cluster.start("n3", impostor);

      // Several election timeouts later the group has the same leader in the same term, and the
      // impostor has no leader and none of the data.
      String leader = leaderBefore;
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        RaftStatus status = cluster.status(leader);
        assertThat(status.term()).isEqualTo(termBefore);
        assertThat(cluster.readyLeader()).contains(leader);
      });
      assertThat(cluster.status("n3").leaderId()).isEmpty();
      assertThat(client.get("session:1")).contains("alice");
      client.set("session:2", "bob");
      assertThat(client.get("session:2")).contains("bob");
    }
  }

  /** A cluster file like {@code real}'s, but whose {@code id} trusts and shows certificates of its own CA. */
  private ClusterConfig impostorOf(ClusterConfig real, String id) {
    Path own = dir.resolve("impostor");
    List<NodeConfig> nodes = real.nodes().stream().map(n -> !n.id().equals(id) ? n
        : new NodeConfig(n.index(), n.id(), n.zone(), n.host(), n.raftPort(), n.clientPort(), n.respPort(),
            n.metricsPort(), n.dataDir(), Optional.of(new CertificateFiles(own.resolve(id + ".crt"), own.resolve(id + ".key"))), n.replica()))
        .toList();
    return new ClusterConfig(real.file(), real.cluster(), nodes, real.tunables(),
        Optional.of(new TlsConfig(own.resolve("ca.crt"), Optional.of(own.resolve("ca.key")))), real.users(),
        real.preferredZone());
  }

  /** The files of another cluster's CA (not started). */
  private ClusterConfig otherCluster() throws Exception {
    ClusterConfig other = MiniCluster.build(dir.resolve("other"), 1, MiniCluster.fastTunables(), true);
    MiniCluster.makeCertificates(other);
    return other;
  }

  private static void ping(Jedis jedis) {
    try (jedis) {
      jedis.ping();
    }
  }

  private static Jedis tlsJedis(NodeConfig node, Path ca) throws Exception {
    return new Jedis(new HostAndPort(node.host(), node.respPort()), DefaultJedisClientConfig.builder()
        .ssl(true).sslSocketFactory(TrustedCa.context(ca).getSocketFactory()).socketTimeoutMillis(2_000).build());
  }

  /** redis-cli's output (stdout and stderr), trimmed. */
  private static String redisCli(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("redis-cli"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
    return new String(process.getInputStream().readAllBytes()).trim();
  }

  /** Calls the leader's forwarding service as a TLS client without a certificate; its status. */
  private static Status forward(NodeConfig leader, Path ca, String key, String value) throws Exception {
    MethodDescriptor<LogCommand, CommandResult> write = MethodDescriptor.<LogCommand, CommandResult>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("raftcache.internal.v1.Forwarding/Write")
        .setRequestMarshaller(ProtoUtils.marshaller(LogCommand.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(CommandResult.getDefaultInstance()))
        .build();
    ManagedChannel channel = NettyChannelBuilder.forTarget(leader.clientEndpoint())
        .sslContext(GrpcSslContexts.forClient().trustManager(ca.toFile()).build()).build();
    try {
      LogCommand entry = LogCommand.newBuilder().setSet(SetRequest.newBuilder()
          .setKey(com.google.protobuf.ByteString.copyFromUtf8(key)).setValue(com.google.protobuf.ByteString.copyFromUtf8(value)))
          .build();
      ClientCalls.blockingUnaryCall(channel, write, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), entry);
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    } finally {
      channel.shutdownNow();
    }
  }
}
