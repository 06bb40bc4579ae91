package io.raftcache.node.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the PEM files of certificates and PKCS#8 private keys. */
public final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private PemFiles() {}

  /** Every certificate in the file, in order; throws if there is none. */
  public static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast)
          .toList();
      if (certificates.isEmpty()) {
        throw new CertificateException("holds no certificate");
      }
      return certificates;
    }
  }

  /** The file's PKCS#8 private key (EC or RSA), with what to do if it is in another format. */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    Matcher block = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!block.find()) {
      throw new GeneralSecurityException("is not a PEM file");
    }
    if (!block.group(1).equals("PRIVATE KEY")) {
      throw new GeneralSecurityException("holds a '" + block.group(1) + "' block, not an unencrypted PKCS#8 key ('PRIVATE KEY');"
          + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out KEY.pem");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(2)));
    GeneralSecurityException last = null;
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("holds a key that is neither EC, RSA nor Ed25519: " + last.getMessage(), last);
  }

  /** {@code der} as one PEM block of {@code type} (e.g. "CERTIFICATE"). */
  static String encode(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
