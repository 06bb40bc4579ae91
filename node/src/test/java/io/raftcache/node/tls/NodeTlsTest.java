package io.raftcache.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftcache.node.config.CertificateFiles;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.TlsConfig;
import io.raftcache.node.config.Tunables;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates `raftcache-cluster certs` makes, and what a node refuses to start with. */
class NodeTlsTest {
  @TempDir
  Path dir;

  @Test
  void certs_makeACaAndANodeCertificateForEachHost_andKeepThemWhenRunAgain() throws Exception {
    ClusterConfig cluster = cluster(dir, "127.0.0.1", "db-2.example.com");

    List<String> made = CertificateMaker.make(cluster);
    assertThat(made).hasSize(3).allMatch(line -> line.startsWith("wrote "));
    for (NodeConfig node : cluster.nodes()) {
      assertThat(NodeTls.of(cluster, node).enabled()).isTrue();
      assertThat(Files.getPosixFilePermissions(node.tls().orElseThrow().key()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    String certificate = Files.readString(dir.resolve("n1.crt"));

    assertThat(CertificateMaker.make(cluster)).hasSize(3).allMatch(line -> line.startsWith("kept "));
    assertThat(Files.readString(dir.resolve("n1.crt"))).isEqualTo(certificate);

    // A node added later gets its certificate from the same CA.
    Files.delete(dir.resolve("n2.crt"));
    Files.delete(dir.resolve("n2.key"));
    assertThat(CertificateMaker.make(cluster)).anyMatch(line -> line.startsWith("wrote " + dir.resolve("n2.crt")));
    assertThat(NodeTls.of(cluster, cluster.nodes().get(1)).enabled()).isTrue();
  }

  @Test
  void certs_refuseToGuess() throws Exception {
    ClusterConfig cluster = cluster(dir, "127.0.0.1");
    CertificateMaker.make(cluster);
    Files.delete(dir.resolve("n1.key"));
    assertThatThrownBy(() -> CertificateMaker.make(cluster)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("nodes[0].tls_key: " + dir.resolve("n1.key") + " does not exist but");

    Files.delete(dir.resolve("n1.crt"));
    Files.delete(dir.resolve("ca.key"));
    assertThatThrownBy(() -> CertificateMaker.make(cluster))
        .hasMessageContaining("tls.ca_key: the CA's key is needed to sign certificates for [n1]");
  }

  @Test
  void aNode_refusesToStart_withFilesPeersOrClientsWouldRefuse() throws Exception {
    ClusterConfig cluster = cluster(dir.resolve("a"), "127.0.0.1");
    ClusterConfig other = cluster(dir.resolve("b"), "127.0.0.1");
    ClusterConfig elsewhere = cluster(dir.resolve("c"), "10.1.2.3");
    NodeConfig node = cluster.nodes().get(0);
    assertThatThrownBy(() -> NodeTls.of(cluster, node)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tls.ca: " + dir.resolve("a/ca.crt")
            + " does not exist (bin/raftcache-cluster certs --config FILE makes the cluster's certificates)");
    CertificateMaker.make(cluster);
    CertificateMaker.make(other);
    CertificateMaker.make(elsewhere);

    Files.copy(dir.resolve("b/n1.crt"), dir.resolve("a/n1.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> NodeTls.of(cluster, node))
        .hasMessageContaining("nodes[0].tls_cert: " + dir.resolve("a/n1.crt") + ": 'O=raftcache test,CN=n1' was not signed"
            + " by the cluster's CA (tls.ca: 'CN=raftcache CA test')");

    // c's CA signed a certificate for 10.1.2.3: trusted here, but not for this node's host.
    Files.copy(dir.resolve("c/ca.crt"), dir.resolve("a/ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("c/n1.crt"), dir.resolve("a/n1.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("c/n1.key"), dir.resolve("a/n1.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> NodeTls.of(cluster, node))
        .hasMessageContaining(" does not name the node's host 127.0.0.1 (it names [10.1.2.3]): clients and peers would refuse it");

    Files.copy(dir.resolve("b/ca.crt"), dir.resolve("a/ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("b/n1.crt"), dir.resolve("a/n1.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("a/ca.key"), dir.resolve("a/n1.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> NodeTls.of(cluster, node))
        .hasMessageContaining("nodes[0].tls_key: " + dir.resolve("a/n1.key") + " is not the key of nodes[0].tls_cert");

    Files.writeString(dir.resolve("a/n1.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> NodeTls.of(cluster, node))
        .hasMessageContaining("holds a 'EC PRIVATE KEY' block, not an unencrypted PKCS#8 key ('PRIVATE KEY');"
            + " convert it with: openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void aNode_refusesToStart_withAnExpiredCertificate() throws Exception {
    ClusterConfig cluster = cluster(dir, "127.0.0.1");
    CertificateMaker.make(cluster);
    X509Certificate ca = PemFiles.certificates(dir.resolve("ca.crt")).get(0);
    PrivateKey caKey = PemFiles.privateKey(dir.resolve("ca.key"));
    X509Certificate own = PemFiles.certificates(dir.resolve("n1.crt")).get(0);
    Instant now = Instant.now();
    X509Certificate expired = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(ca,
        BigInteger.TWO, Date.from(now.minus(Duration.ofDays(2))), Date.from(now.minus(Duration.ofDays(1))),
        new X500Name("CN=n1"), own.getPublicKey())
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress,
            "127.0.0.1")))
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    Files.writeString(dir.resolve("n1.crt"), PemFiles.encode("CERTIFICATE", expired.getEncoded()));

    assertThatThrownBy(() -> NodeTls.of(cluster, cluster.nodes().get(0)))
        .hasMessageContaining("nodes[0].tls_cert: 'CN=n1' expired on " + expired.getNotAfter().toInstant());
  }

  @Test
  void withoutATlsSection_everyPortIsPlaintext() throws Exception {
    ClusterConfig plaintext = new ClusterConfig(dir.resolve("cluster.yaml"), "test",
        List.of(node(0, "127.0.0.1", Optional.empty())), Tunables.defaults(), Optional.empty(), List.of(),
        Optional.empty());
    assertThat(NodeTls.of(plaintext, plaintext.nodes().get(0)).enabled()).isFalse();
  }

  /** A cluster named "test" of one node per host, its TLS files in {@code files}. */
  private static ClusterConfig cluster(Path files, String... hosts) {
    List<NodeConfig> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      nodes.add(node(i, hosts[i], Optional.of(new CertificateFiles(files.resolve("n" + (i + 1) + ".crt"),
          files.resolve("n" + (i + 1) + ".key")))));
    }
    return new ClusterConfig(files.resolve("cluster.yaml"), "test", nodes, Tunables.defaults(),
        Optional.of(new TlsConfig(files.resolve("ca.crt"), Optional.of(files.resolve("ca.key")))), List.of(),
        Optional.empty());
  }

  private static NodeConfig node(int index, String host, Optional<CertificateFiles> tls) {
    return new NodeConfig(index, "n" + (index + 1), "az", host, 7101 + index, 7001 + index, 0, 0,
        Path.of("/tmp/unused-" + index), tls, false);
  }
}
