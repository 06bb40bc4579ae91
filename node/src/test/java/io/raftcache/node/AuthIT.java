package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.AccessDeniedException;
import io.raftcache.client.CacheClient;
import io.raftcache.client.KeyChange;
import io.raftcache.client.Watch;
import io.raftcache.client.WatchListener;
import io.raftcache.node.auth.Category;
import io.raftcache.node.auth.PasswordHash;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.UserConfig;
import io.raftcache.testing.RespWire;
import io.raftcache.testing.TrustedCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, users and permissions (on TLS, which users need): with users in the cluster file, nothing but AUTH, HELLO, PING
 * (and QUIT, RESET) before a login; a user limited to {@code session:*} and to reads or writes
 * cannot reach other keys or other commands, over RESP and gRPC alike; the watch feed shows a
 * user only its keys; wrong passwords fail and are counted; refused commands change nothing.
 */
class AuthIT {
  private static final String ADMIN_PASSWORD = "admin-secret";
  private static final String APP_PASSWORD = "app-secret";
  private static final String READER_PASSWORD = "reader-secret";
  /** Logs in only in the pipelined test, so that its AUTH takes the slow hash. */
  private static final String PIPELINER_PASSWORD = "pipeliner-secret";

  @TempDir
  static Path dir;
  private static MiniCluster cluster;
  private static CacheClient admin;
  private static String leader;

  @BeforeAll
  static void start() throws Exception {
    // Users need TLS (the config refuses them without): the cluster speaks it on every port.
    ClusterConfig plain = MiniCluster.build(dir, 3, MiniCluster.fastTunables(), true);
    MiniCluster.makeCertificates(plain);
    List<UserConfig> users = List.of(
        user("admin", ADMIN_PASSWORD, EnumSet.of(Category.READ, Category.WRITE, Category.ADMIN, Category.DANGEROUS), "*"),
        user("app", APP_PASSWORD, EnumSet.of(Category.READ, Category.WRITE), "session:*"),
        user("reader", READER_PASSWORD, EnumSet.of(Category.READ), "session:*"),
        user("pipeliner", PIPELINER_PASSWORD, EnumSet.of(Category.READ, Category.WRITE), "session:*"));
    cluster = MiniCluster.start(new ClusterConfig(plain.file(), plain.cluster(), plain.nodes(), plain.tunables(),
        plain.tls(), users, Optional.empty()));
    leader = cluster.awaitLeader();
    admin = client().credentials("admin", ADMIN_PASSWORD).build();
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    cluster.close();
  }

  private static UserConfig user(String name, String password, Set<Category> commands, String keys) {
    return new UserConfig(name, Optional.of(PasswordHash.of(password.toCharArray())), true, commands, List.of(keys));
  }

  /** A client builder of the cluster, over TLS. */
  private static CacheClient.Builder client() {
    return CacheClient.builder().endpoints(cluster.endpoints()).tls(cluster.config.tls().orElseThrow().ca());
  }

  private static RespWire resp() throws Exception {
    return resp(leader);
  }

  private static RespWire resp(String node) throws Exception {
    return new RespWire("127.0.0.1", cluster.node(node).respPort(),
        TrustedCa.context(cluster.config.tls().orElseThrow().ca()).getSocketFactory());
  }

  @Test
  void resp_nothingButLoginBeforeALogin_thenOnlyTheUsersCommandsAndKeys() throws Exception {
    try (RespWire wire = resp()) {
      assertThat(wire.call("SET", "session:1", "x")).isEqualTo("-NOAUTH Authentication required.\r\n");
      assertThat(wire.call("GET", "session:1")).isEqualTo("-NOAUTH Authentication required.\r\n");
      assertThat(wire.call("PING")).isEqualTo("+PONG\r\n");
      assertThat(wire.call("HELLO", "3")).startsWith("-NOAUTH HELLO must be called with the client already authenticated");
      assertThat(wire.call("AUTH", "app", "wrong"))
          .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      assertThat(wire.call("AUTH", "nobody", APP_PASSWORD))
          .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
      assertThat(wire.call("AUTH", "app", APP_PASSWORD)).isEqualTo("+OK\r\n");

      assertThat(wire.call("SET", "session:1", "alice")).isEqualTo("+OK\r\n");
      assertThat(wire.call("GET", "session:1")).isEqualTo("$5\r\nalice\r\n");
      assertThat(wire.call("SET", "config:1", "x")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      assertThat(wire.call("GET", "config:1")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      assertThat(wire.call("MSET", "session:2", "a", "config:2", "b")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      // Values are not keys: "1" and "2" are outside session:* and must not matter.
      assertThat(wire.call("MSET", "session:4", "1", "session:5", "2")).isEqualTo("+OK\r\n");
      assertThat(wire.call("FLUSHALL")).isEqualTo("-NOPERM User app has no permissions to run the 'flushall' command\r\n");
      assertThat(wire.call("KEYS", "*")).isEqualTo("-NOPERM User app has no permissions to run the 'keys' command\r\n");
      assertThat(wire.call("SCAN", "0")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      assertThat(wire.call("CONFIG", "GET", "maxmemory")).startsWith("-NOPERM User app has no permissions to run the 'config'");
      assertThat(wire.call("ACL", "WHOAMI")).isEqualTo("$3\r\napp\r\n");
      assertThat(wire.call("ACL", "LIST")).isEqualTo("-NOPERM User app has no permissions to run the 'acl|list' command\r\n");

      // A refused command inside MULTI dooms the EXEC: nothing of it is applied.
      assertThat(wire.call("MULTI")).isEqualTo("+OK\r\n");
      assertThat(wire.call("SET", "session:3", "queued")).isEqualTo("+QUEUED\r\n");
      assertThat(wire.call("SET", "config:3", "queued")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      assertThat(wire.call("EXEC")).startsWith("-EXECABORT");
      assertThat(wire.call("MULTI")).isEqualTo("+OK\r\n");
      assertThat(wire.call("AUTH", "admin", ADMIN_PASSWORD)).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
      assertThat(wire.call("EXEC")).startsWith("-EXECABORT");
      assertThat(wire.call("ACL", "WHOAMI")).isEqualTo("$3\r\napp\r\n");
      assertThat(wire.call("CLIENT", "LIST")).startsWith("-NOPERM User app has no permissions to run the 'client|list' command");
    }
    assertThat(admin.get("session:4")).contains("1");
    assertThat(admin.get("config:1")).isEmpty();
    assertThat(admin.get("session:2")).isEmpty();
    assertThat(admin.get("session:3")).isEmpty();

    try (RespWire reader = resp()) {
      assertThat(reader.call("HELLO", "3", "AUTH", "reader", "wrong")).startsWith("-WRONGPASS");
      assertThat(reader.call("HELLO", "3", "AUTH", "reader", READER_PASSWORD)).startsWith("%");
      assertThat(reader.call("GET", "session:1")).isEqualTo("$5\r\nalice\r\n");
      assertThat(reader.call("SET", "session:1", "bob"))
          .isEqualTo("-NOPERM User reader has no permissions to run the 'set' command\r\n");
    }
    assertThat(admin.get("session:1")).contains("alice");

    try (RespWire root = resp()) {
      assertThat(root.call("AUTH", "admin", ADMIN_PASSWORD)).isEqualTo("+OK\r\n");
      String list = root.call("ACL", "LIST");
      assertThat(list).contains("user app on #<hidden> ~session:* +@read +@write")
          .doesNotContain("pbkdf2").doesNotContain(APP_PASSWORD);
      assertThat(root.call("SET", "config:1", "x")).isEqualTo("+OK\r\n");
      // RESET logs the connection out (no default user here).
      assertThat(root.call("RESET")).isEqualTo("+RESET\r\n");
      assertThat(root.call("GET", "config:1")).isEqualTo("-NOAUTH Authentication required.\r\n");
    }
  }

  @Test
  void resp_aCommandPipelinedBehindAuth_runsAsTheUser() throws Exception {
    try (RespWire wire = resp()) {
      // The first login of this user on this node waits for the slow hash: the commands behind it wait too.
      wire.send(new String(RespWire.encode("AUTH", "pipeliner", PIPELINER_PASSWORD), StandardCharsets.ISO_8859_1)
          + new String(RespWire.encode("SET", "session:pipelined", "yes"), StandardCharsets.ISO_8859_1)
          + new String(RespWire.encode("GET", "session:pipelined"), StandardCharsets.ISO_8859_1));
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("+OK\r\n");
      assertThat(wire.reply()).isEqualTo("$3\r\nyes\r\n");
    }
  }

  @Test
  void resp_aCommandPipelinedBehindAFailedAuth_getsNoauth() throws Exception {
    try (RespWire wire = resp()) {
      wire.send(new String(RespWire.encode("AUTH", "pipeliner", "wrong"), StandardCharsets.ISO_8859_1)
          + new String(RespWire.encode("SET", "session:never", "x"), StandardCharsets.ISO_8859_1));
      assertThat(wire.reply()).startsWith("-WRONGPASS");
      assertThat(wire.reply()).isEqualTo("-NOAUTH Authentication required.\r\n");
    }
    assertThat(admin.get("session:never")).isEmpty();
  }

  @Test
  void resp_onAFollower_checksTheUser_thenForwardsToTheLeader() throws Exception {
    String follower = cluster.config.nodes().stream().map(n -> n.id()).filter(id -> !id.equals(leader)).findFirst()
        .orElseThrow();
    try (RespWire wire = resp(follower)) {
      assertThat(wire.call("SET", "session:f", "x")).isEqualTo("-NOAUTH Authentication required.\r\n");
      assertThat(wire.call("AUTH", "app", APP_PASSWORD)).isEqualTo("+OK\r\n");
      assertThat(wire.call("SET", "config:f", "x")).isEqualTo("-NOPERM No permissions to access a key\r\n");
      assertThat(wire.call("SET", "session:f", "forwarded")).isEqualTo("+OK\r\n");
    }
    assertThat(admin.get("session:f")).contains("forwarded");
    assertThat(admin.get("config:f")).isEmpty();
  }

  @Test
  void grpc_credentialsOnEveryCall_andTheSamePermissions() throws Exception {
    try (CacheClient anonymous = client().build();
        CacheClient wrong = client().credentials("app", "nope").build();
        CacheClient app = client().credentials("app", APP_PASSWORD).build();
        CacheClient reader = client().credentials("reader", READER_PASSWORD).build()) {
      assertThatThrownBy(() -> anonymous.set("session:g", "x")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("UNAUTHENTICATED: this cluster has users: send credentials");
      assertThatThrownBy(() -> wrong.get("session:g")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("UNAUTHENTICATED: invalid username-password pair or user is disabled");
      // Health stays open for probes.
      assertThat(anonymous.health()).containsValue(true);

      app.set("session:g", "grpc");
      assertThat(app.get("session:g")).contains("grpc");
      assertThatThrownBy(() -> app.set("config:g", "x")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("PERMISSION_DENIED: user app may not run set on these keys: they are outside its key patterns");
      assertThatThrownBy(() -> app.scan(new byte[0], "*", 10)).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("which reaches every key");
      assertThatThrownBy(() -> reader.set("session:g", "x")).isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("user reader may not run set: its permissions do not include write commands");
      assertThat(reader.get("session:g")).contains("grpc");
      assertThat(admin.get("config:g")).isEmpty();

      // The watch feed shows the user only its keys.
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Watch watch = app.watch("", new WatchListener() {
        @Override
        public void onChange(KeyChange change) {
          seen.add(change.key());
        }

        @Override
        public void onReset() {}
      })) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
          admin.set("config:w", "hidden");
          admin.set("session:w", "shown");
          assertThat(seen).contains("session:w");
        });
        assertThat(seen).doesNotContain("config:w");
      }
    }
  }

  @Test
  void failedLogins_areCounted() throws Exception {
    double before = failures();
    try (RespWire wire = resp()) {
      wire.call("AUTH", "app", "guess-1");
      wire.call("AUTH", "app", "guess-2");
    }
    assertThat(failures() - before).isGreaterThanOrEqualTo(2);
  }

  private static double failures() throws Exception {
    URI uri = URI.create("https://" + cluster.node(leader).metricsEndpoint() + "/metrics");
    HttpClient https = HttpClient.newBuilder().sslContext(TrustedCa.context(cluster.config.tls().orElseThrow().ca())).build();
    String body = https.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith("raftcache_login_failures_total ")).mapToDouble(l ->
        Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
  }
}
