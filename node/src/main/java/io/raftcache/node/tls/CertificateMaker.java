package io.raftcache.node.tls;

import io.raftcache.node.config.CertificateFiles;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.TlsConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code raftcache-cluster certs}: makes the files a cluster file's {@code tls} section names. A
 * CA (EC P-256, ten years) if {@code tls.ca} does not exist yet, its key written to
 * {@code tls.ca_key}; then, for each node without its certificate and key, a certificate for the
 * node's host (EC P-256, 825 days, for server and client use) signed by that CA. Files that exist
 * are kept, so it is safe to run again, e.g. after adding a node. Keys are readable by their
 * owner only.
 */
public final class CertificateMaker {
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration NODE_VALIDITY = Duration.ofDays(825);
  /** Room for clocks that are a little behind the one that made the certificate. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final ClusterConfig cluster;
  private final SecureRandom random = new SecureRandom();
  private final List<String> report = new ArrayList<>();

  private CertificateMaker(ClusterConfig cluster) {
    this.cluster = cluster;
  }

  /** Makes what is missing; returns a line per file, made or kept. */
  public static List<String> make(ClusterConfig cluster) throws ConfigException, IOException {
    TlsConfig tls = cluster.tls().orElseThrow(() -> new ConfigException(cluster.file(), "tls",
        "the file has no tls section to make certificates for (docs/security.md shows one)"));
    CertificateMaker maker = new CertificateMaker(cluster);
    try {
      maker.makeAll(tls);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot make the certificates: " + e.getMessage(), e);
    }
    return List.copyOf(maker.report);
  }

  private void makeAll(TlsConfig tls) throws ConfigException, IOException, GeneralSecurityException,
      OperatorCreationException {
    List<NodeConfig> missing = new ArrayList<>();
    for (NodeConfig node : cluster.nodes()) {
      CertificateFiles files = node.tls().orElseThrow();
      boolean certificate = Files.exists(files.certificate());
      boolean key = Files.exists(files.key());
      if (certificate != key) {
        throw new ConfigException(cluster.file(), node.field(certificate ? "tls_key" : "tls_cert"),
            (certificate ? files.key() : files.certificate()) + " does not exist but " + (certificate
                ? files.certificate() : files.key()) + " does: remove it to have both made again");
      }
      if (certificate) {
        report.add("kept " + files.certificate() + " and " + files.key() + " (" + node.id() + ")");
      } else {
        missing.add(node);
      }
    }
    Path caKeyFile = tls.caKey().orElse(null);
    X509Certificate ca;
    PrivateKey caKey;
    if (Files.exists(tls.ca())) {
      report.add("kept " + tls.ca() + " (the CA)");
      if (missing.isEmpty()) {
        return;
      }
      if (caKeyFile == null || !Files.isReadable(caKeyFile)) {
        throw new ConfigException(cluster.file(), "tls.ca_key", "the CA's key is needed to sign certificates for "
            + missing.stream().map(NodeConfig::id).toList() + (caKeyFile == null ? ", and the file names none"
            : ", and " + caKeyFile + " cannot be read"));
      }
      ca = PemFiles.certificates(tls.ca()).get(0);
      caKey = PemFiles.privateKey(caKeyFile);
    } else {
      if (caKeyFile == null) {
        throw new ConfigException(cluster.file(), "tls.ca_key",
            "missing: where to write the key of the new CA (keep it off the nodes once their certificates are made)");
      }
      if (Files.exists(caKeyFile)) {
        throw new ConfigException(cluster.file(), "tls.ca_key", caKeyFile + " exists but " + tls.ca()
            + " does not: restore the CA's certificate, or remove the key to make a new CA");
      }
      KeyPair pair = keyPair();
      X500Name name = new X500Name("CN=raftcache CA " + cluster.cluster());
      ca = sign(new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(CA_VALIDITY), name, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic())), pair.getPrivate());
      caKey = pair.getPrivate();
      writeKey(caKeyFile, caKey);
      write(tls.ca(), ca);
      report.add("wrote " + tls.ca() + " and " + caKeyFile + " (a new CA)");
    }
    for (NodeConfig node : missing) {
      CertificateFiles files = node.tls().orElseThrow();
      KeyPair pair = keyPair();
      writeKey(files.key(), pair.getPrivate());
      write(files.certificate(), nodeCertificate(node, pair.getPublic(), ca, caKey));
      report.add("wrote " + files.certificate() + " and " + files.key() + " (" + node.id() + ", for " + node.host() + ")");
    }
  }

  private X509Certificate nodeCertificate(NodeConfig node, PublicKey key, X509Certificate ca, PrivateKey caKey)
      throws CertIOException, GeneralSecurityException, OperatorCreationException {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(isIpAddress(node.host()) ? GeneralName.iPAddress : GeneralName.dNSName, node.host()));
    if (node.host().equals("127.0.0.1") || node.host().equals("::1")) {
      names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    }
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    return sign(new JcaX509v3CertificateBuilder(ca, serial(), notBefore(), notAfter(NODE_VALIDITY),
        new X500Name("CN=" + node.id() + ",O=raftcache " + cluster.cluster()), key)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
        // Both: a node serves its ports and dials its peers' Raft ports with the same certificate.
        .addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
        .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
        .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca)), caKey);
  }

  private static boolean isIpAddress(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException, OperatorCreationException {
    String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
  }

  private KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(127, random);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(BACKDATE));
  }

  private static Date notAfter(Duration validity) {
    return Date.from(Instant.now().plus(validity));
  }

  private static void write(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
    createParent(file);
    Files.writeString(file, PemFiles.encode("CERTIFICATE", certificate.getEncoded()));
  }

  private static void writeKey(Path file, PrivateKey key) throws IOException {
    createParent(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, PemFiles.encode("PRIVATE KEY", key.getEncoded()));
  }

  private static void createParent(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
  }
}
