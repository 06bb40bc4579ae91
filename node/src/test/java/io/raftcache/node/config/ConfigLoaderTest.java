package io.raftcache.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String NODES = """
      cluster: test
      nodes:
        - {id: n1, zone: az-a, host: 127.0.0.1, raft_port: 7101, client_port: 7001, data_dir: d1}
        - {id: n2, zone: az-b, host: 127.0.0.1, raft_port: 7102, client_port: 7002, data_dir: d2}
        - {id: n3, zone: az-c, host: 127.0.0.1, raft_port: 7103, client_port: 7003, data_dir: /abs/d3}
      """;

  @TempDir
  Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void load_validFile_givesNodesAndDefaults() throws Exception {
    ClusterConfig config = ConfigLoader.load(write(NODES));

    assertThat(config.cluster()).isEqualTo("test");
    assertThat(config.nodes()).extracting(NodeConfig::id).containsExactly("n1", "n2", "n3");
    assertThat(config.node("n2").clientEndpoint()).isEqualTo("127.0.0.1:7002");
    assertThat(config.node("n1").dataDir()).isEqualTo(dir.resolve("d1"));
    assertThat(config.node("n3").dataDir()).isEqualTo(Path.of("/abs/d3"));
    assertThat(config.tunables()).isEqualTo(Tunables.defaults());
  }

  @Test
  void load_tunables_overrideDefaults() throws Exception {
    ClusterConfig config = ConfigLoader.load(write(NODES + """
        tunables:
          election_timeout_min_ms: 150
          election_timeout_max_ms: 300
          max_value_bytes: 1000
        """));

    assertThat(config.tunables().electionTimeoutMin()).isEqualTo(Duration.ofMillis(150));
    assertThat(config.tunables().maxValueBytes()).isEqualTo(1000);
    assertThat(config.tunables().maxKeyBytes()).isEqualTo(Tunables.DEFAULT_MAX_KEY_BYTES);
  }

  @Test
  void load_tls_resolvesEveryPathAgainstTheFile() throws Exception {
    ClusterConfig config = ConfigLoader.load(write(tls(NODES) + """
        tls: {ca: tls/ca.crt, ca_key: /secret/ca.key}
        """));

    assertThat(config.tls()).contains(new TlsConfig(dir.resolve("tls/ca.crt"), java.util.Optional.of(Path.of("/secret/ca.key"))));
    assertThat(config.node("n2").tls())
        .contains(new CertificateFiles(dir.resolve("tls/n2.crt"), dir.resolve("tls/n2.key")));
    assertThat(ConfigLoader.load(write(NODES)).node("n1").tls()).isEmpty();
  }

  @Test
  void load_tls_needsEveryNodesCertificate_andNoCertificateWithoutIt() throws Exception {
    Path withoutKey = write(tls(NODES).replace(", tls_key: tls/n2.key", "") + "tls: {ca: ca.crt}\n");
    assertThatThrownBy(() -> ConfigLoader.load(withoutKey)).hasMessage(withoutKey + ": nodes[1].tls_key: missing");

    Path withoutSection = write(tls(NODES));
    assertThatThrownBy(() -> ConfigLoader.load(withoutSection))
        .hasMessage(withoutSection + ": nodes[0].tls_cert: the file has no tls section to use it with");

    Path typo = write(NODES + "tls: {ca: ca.crt, cert: x}\n");
    assertThatThrownBy(() -> ConfigLoader.load(typo)).hasMessageStartingWith(typo + ": tls.cert: unknown field");
  }

  @Test
  void load_users_needTls_andAHashThatIsNeverEchoed() throws Exception {
    String user = "users:\n  - {name: app, password_hash: \"%s\", commands: [read], keys: [\"session:*\"]}\n";
    String hash = io.raftcache.node.auth.PasswordHash.of("pw".toCharArray());
    Path withoutTls = write(NODES + String.format(user, hash));
    assertThatThrownBy(() -> ConfigLoader.load(withoutTls))
        .hasMessageStartingWith(withoutTls + ": users: users need a tls section too");

    Path withTls = write(tls(NODES) + "tls: {ca: ca.crt}\n" + String.format(user, hash));
    UserConfig app = ConfigLoader.load(withTls).users().get(0);
    assertThat(app.name()).isEqualTo("app");
    assertThat(app.keys()).containsExactly("session:*");

    Path badHash = write(tls(NODES) + "tls: {ca: ca.crt}\n" + String.format(user, "secret-looking-text"));
    assertThatThrownBy(() -> ConfigLoader.load(badHash)).hasMessageContaining("users[0].password_hash: is not a password hash")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-looking-text"));
  }

  /** NODES with tls_cert and tls_key on every node. */
  private static String tls(String nodes) {
    return nodes.replaceAll("data_dir: ([^}]+)}", "data_dir: $1, tls_cert: tls/NODE.crt, tls_key: tls/NODE.key}")
        .lines().map(line -> line.contains("id: n") ? line.replace("NODE", line.replaceAll(".*id: (n[0-9]).*", "$1")) : line)
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void load_rolesAndPreferredZone() throws Exception {
    ClusterConfig config = ConfigLoader.load(write(NODES.replace("data_dir: d2}", "data_dir: d2, role: replica}")
        + "preferred_zone: az-c\n"));
    assertThat(config.nodes()).extracting(NodeConfig::replica).containsExactly(false, true, false);
    assertThat(config.preferredZone()).contains("az-c");

    Path badRole = write(NODES.replace("data_dir: d2}", "data_dir: d2, role: learner}"));
    assertThatThrownBy(() -> ConfigLoader.load(badRole))
        .hasMessageStartingWith(badRole + ": nodes[1].role: 'learner' is not a role; voter");
    Path replicaZone = write(NODES.replace("data_dir: d2}", "data_dir: d2, role: replica}") + "preferred_zone: az-b\n");
    assertThatThrownBy(() -> ConfigLoader.load(replicaZone))
        .hasMessage(replicaZone + ": preferred_zone: no voter is in zone 'az-b' (voters' zones: [az-a, az-c]); a replica never leads");
    Path allReplicas = write(NODES.replace("}", ", role: replica}"));
    assertThatThrownBy(() -> ConfigLoader.load(allReplicas))
        .hasMessage(allReplicas + ": nodes: every node is a replica: at least one must be a voter to lead");
  }

  @Test
  void load_missingFile_namesTheFile() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void load_badYaml_isOneLineNamingWhereItIs() throws Exception {
    Path file = write("cluster: x\nnodes:\n  - id: a\n    zone: [b\n    host: c\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ": line 5, column 9: not valid YAML: expected ',' or ']', but got :"
            + " (while parsing a flow sequence that starts on line 4)");

    Path badIndent = write("cluster: x\nnodes:\n  - {id: a}\n   bad: indent\n");
    assertThatThrownBy(() -> ConfigLoader.load(badIndent)).hasMessageStartingWith(badIndent + ": line 4, column 4: not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void load_missingField_namesTheField() throws Exception {
    Path file = write(NODES.replace("raft_port: 7102, ", ""));
    assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessage(file + ": nodes[1].raft_port: missing");
  }

  @Test
  void load_duplicateId_namesBothPlaces() throws Exception {
    Path file = write(NODES.replace("id: n2", "id: n1"));
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ": nodes[1].id: duplicate id 'n1', also used by nodes[0].id");
  }

  @Test
  void load_duplicatePort_namesTheField() throws Exception {
    Path file = write(NODES.replace("client_port: 7003", "client_port: 7102"));
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ": nodes[2].client_port: duplicate address '127.0.0.1:7102', also used by nodes[1].raft_port");
  }

  @Test
  void load_unknownField_isAnError() throws Exception {
    Path file = write(NODES + "tunables:\n  election_timeout_ms: 100\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessageStartingWith(file + ": tunables.election_timeout_ms: unknown field");
  }

  @Test
  void load_portOutOfRange_isAnError() throws Exception {
    Path file = write(NODES.replace("raft_port: 7101", "raft_port: 70000"));
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + ": nodes[0].raft_port: 70000 is out of range [1, 65535]");
  }

  @Test
  void load_electionMaxNotAboveMin_isAnError() throws Exception {
    Path file = write(NODES + "tunables:\n  election_timeout_min_ms: 500\n  election_timeout_max_ms: 500\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessageContaining("tunables.election_timeout_max_ms: 500 must be greater than election_timeout_min_ms (500)");
  }

  @Test
  void node_unknownId_listsTheKnownOnes() throws Exception {
    ClusterConfig config = ConfigLoader.load(write(NODES));
    assertThatThrownBy(() -> config.node("n9"))
        .hasMessageContaining("nodes: no node has id 'n9' (the file names [n1, n2, n3])");
  }
}
