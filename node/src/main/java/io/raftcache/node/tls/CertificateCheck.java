package io.raftcache.node.tls;

import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Checks a node's TLS files as it starts, so that what a peer or a client would refuse in a
 * handshake later is refused now, naming the field: a missing or unreadable file, an expired
 * certificate, one the cluster's CA did not sign, one that does not name the node's host (clients
 * would fail hostname verification), a key that is not the certificate's.
 */
final class CertificateCheck {
  /** SubjectAlternativeName entry types (RFC 5280). */
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private final Path file;

  CertificateCheck(Path file) {
    this.file = file;
  }

  List<X509Certificate> ca(Path ca) throws ConfigException {
    List<X509Certificate> certificates = read(ca, "tls.ca");
    for (X509Certificate certificate : certificates) {
      valid(certificate, "tls.ca");
    }
    return certificates;
  }

  /** The node's chain, its own certificate first, checked against the CA and the node's host. */
  List<X509Certificate> nodeCertificate(Path path, NodeConfig self, List<X509Certificate> ca) throws ConfigException {
    String field = self.field("tls_cert");
    List<X509Certificate> chain = read(path, field);
    valid(chain.get(0), field);
    if (!signedByCa(chain, ca)) {
      throw new ConfigException(file, field, path + ": '" + chain.get(0).getSubjectX500Principal().getName()
          + "' was not signed by the cluster's CA (tls.ca: '" + ca.get(0).getSubjectX500Principal().getName() + "')");
    }
    List<String> names = names(chain.get(0), field);
    if (names.stream().noneMatch(name -> name.equalsIgnoreCase(self.host()))) {
      throw new ConfigException(file, field, path + " does not name the node's host " + self.host()
          + " (it names " + names + "): clients and peers would refuse it");
    }
    return chain;
  }

  PrivateKey key(Path path, NodeConfig self, X509Certificate certificate) throws ConfigException {
    String field = self.field("tls_key");
    requireReadable(path, field);
    try {
      PrivateKey key = PemFiles.privateKey(path);
      if (!matches(key, certificate)) {
        throw new ConfigException(file, field, path + " is not the key of " + self.field("tls_cert"));
      }
      return key;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(file, field, path + " " + e.getMessage());
    }
  }

  private List<X509Certificate> read(Path path, String field) throws ConfigException {
    requireReadable(path, field);
    try {
      return PemFiles.certificates(path);
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(file, field, path + " is not a PEM certificate file: " + e.getMessage());
    }
  }

  private void requireReadable(Path path, String field) throws ConfigException {
    if (!Files.isReadable(path)) {
      throw new ConfigException(file, field, path + (Files.exists(path) ? " cannot be read"
          : " does not exist (bin/raftcache-cluster certs --config FILE makes the cluster's certificates)"));
    }
  }

  private void valid(X509Certificate certificate, String field) throws ConfigException {
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new ConfigException(file, field, "'" + certificate.getSubjectX500Principal().getName() + "' expired on "
          + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new ConfigException(file, field, "'" + certificate.getSubjectX500Principal().getName()
          + "' is not valid before " + certificate.getNotBefore().toInstant());
    }
  }

  /** Each certificate of the chain signed by the next, the last by one of the CA's. */
  private static boolean signedByCa(List<X509Certificate> chain, List<X509Certificate> ca) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!signedBy(chain.get(i), chain.get(i + 1))) {
        return false;
      }
    }
    return ca.stream().anyMatch(authority -> signedBy(chain.get(chain.size() - 1), authority));
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private List<String> names(X509Certificate certificate, String field) throws ConfigException {
    Collection<List<?>> alternatives;
    try {
      alternatives = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new ConfigException(file, field, "its subject alternative names cannot be read: " + e.getMessage());
    }
    List<String> names = new ArrayList<>();
    if (alternatives != null) {
      for (List<?> entry : alternatives) {
        int type = (Integer) entry.get(0);
        if (type == SAN_DNS || type == SAN_IP) {
          names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "raftcache".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(certificate.getPublicKey());
    } catch (GeneralSecurityException differentKind) {
      return false;
    }
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
