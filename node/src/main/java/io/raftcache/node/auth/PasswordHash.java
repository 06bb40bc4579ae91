package io.raftcache.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow hash of a password, the only form a password takes in a cluster file:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64), PBKDF2 with HMAC-SHA256
 * from the JDK. 600,000 iterations, as OWASP advises for it: a stolen file costs an attacker that
 * much per guess (and the node as much per first login of a user: see {@link Users}).
 */
public final class PasswordHash {
  public static final int ITERATIONS = 600_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** The hash of {@code password} with a new random salt, in the file's form. */
  public static String of(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
        + base64.encodeToString(derive(password, salt, ITERATIONS));
  }

  /** Reads the file's form; throws naming what is wrong with it (never echoing it). */
  public static PasswordHash parse(String text) {
    String[] parts = text.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      throw new IllegalArgumentException("is not a password hash of the form " + PREFIX
          + "$ITERATIONS$SALT$HASH (make one with: raftcache-node --hash-password)");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("has iterations that are not a number");
    }
    if (iterations < 10_000) {
      throw new IllegalArgumentException("has " + iterations + " iterations; at least 10,000 are needed");
    }
    try {
      return new PasswordHash(iterations, Base64.getDecoder().decode(parts[2]), Base64.getDecoder().decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has a salt or hash that is not Base64");
    }
  }

  /** Whether {@code password} is the one hashed (in constant time once derived). */
  public boolean matches(byte[] password) {
    char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
    return MessageDigest.isEqual(hash, derive(chars, salt, iterations));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password, salt, iterations, HASH_BITS)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    }
  }
}
