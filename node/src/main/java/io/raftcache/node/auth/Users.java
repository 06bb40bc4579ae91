package io.raftcache.node.auth;

import io.raftcache.node.config.UserConfig;
import io.raftcache.node.raft.Throttle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster file's users, and logging in as one of them: the same for a RESP {@code AUTH} and
 * a gRPC call's credentials. Without users everyone is {@link User#UNRESTRICTED}, as a Redis
 * without ACLs. A password is checked against its slow hash on a thread of its own (never a
 * network thread); once it has matched, a keyed digest of it is kept in memory so that the next
 * login with it (every gRPC call carries its credentials, every pooled connection logs in) costs
 * one HMAC. Failed logins are counted, logged at most once per 10 s with the peer's address
 * (never the password), and answered later the more an address fails ({@link LoginThrottle}).
 */
public final class Users {
  private static final Logger LOG = LoggerFactory.getLogger(Users.class);
  public static final String DEFAULT_USER = "default";
  /** What an unknown user's password is hashed against, to take as long as a known one's (made on first use). */
  private static final class StandIn {
    static final PasswordHash HASH = PasswordHash.parse(PasswordHash.of("stand-in".toCharArray()));
  }

  private final Map<String, User> byName;
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
  /** Password checks under way, by user and keyed digest of the password tried. */
  private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
  private final byte[] digestKey = new byte[32];
  /** One thread for the slow hashes of every node in the process: logins wait in turn, network threads never. */
  private static final ExecutorService HASHING = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "password-check");
    t.setDaemon(true);
    return t;
  });
  private final LoginThrottle throttle = new LoginThrottle();
  private final Throttle warnings = new Throttle(Duration.ofSeconds(10));
  private final LongAdder failures = new LongAdder();

  private Users(Map<String, User> byName) {
    this.byName = byName;
    new SecureRandom().nextBytes(digestKey);
  }

  public static Users of(List<UserConfig> users) {
    Map<String, User> byName = new LinkedHashMap<>();
    users.forEach(u -> byName.put(u.name(), User.of(u)));
    return new Users(byName);
  }

  /** Whether clients must log in (the file defines users). */
  public boolean defined() {
    return !byName.isEmpty();
  }

  /**
   * Who a client is before it logs in: everyone without users; the {@code default} user if it is
   * defined without a password and enabled; else nobody (it must log in).
   */
  public Optional<User> anonymous() {
    if (!defined()) {
      return Optional.of(User.UNRESTRICTED);
    }
    User standard = byName.get(DEFAULT_USER);
    return standard != null && standard.enabled() && standard.noPassword() ? Optional.of(standard) : Optional.empty();
  }

  /**
   * Logs in as {@code name}: the user, or empty for a wrong pair or a disabled user (the same
   * answer, so as not to tell which). {@code peer} is for the log and the slowdown.
   */
  public CompletableFuture<Optional<User>> login(String name, byte[] password, String peer) {
    if (!defined()) {
      // As Redis's default user without a password: any password logs in as it.
      return CompletableFuture.completedFuture(name.equals(DEFAULT_USER) ? Optional.of(User.UNRESTRICTED) : Optional.empty());
    }
    User user = byName.get(name);
    if (user != null && user.enabled() && user.noPassword()) {
      return CompletableFuture.completedFuture(Optional.of(user));
    }
    byte[] digest = digest(name, password);
    if (user != null && user.enabled() && isVerified(name, digest)) {
      return CompletableFuture.completedFuture(Optional.of(user));
    }
    return check(user, name, password, digest).thenCompose(matches -> {
      if (matches) {
        throttle.succeeded(peer);
        return CompletableFuture.completedFuture(Optional.of(user));
      }
      failures.increment();
      long delayMillis = throttle.failed(peer);
      if (warnings.allow()) {
        LOG.warn("Failed login as '{}' from {} ({} failures from it lately; its next answers wait {} ms)",
            printable(name), peer, throttle.failuresOf(peer), delayMillis);
      }
      Executor later = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS);
      return CompletableFuture.supplyAsync(Optional::<User>empty, later);
    });
  }

  /**
   * Whether the password is the user's, by its slow hash on the hashing thread. Logins with the
   * same pair at once share one hash (a pool of connections reconnecting after a restart), and an
   * unknown or disabled user is hashed against a stand-in, so that the time of the answer does
   * not tell which names exist.
   */
  private CompletableFuture<Boolean> check(User user, String name, byte[] password, byte[] digest) {
    String pair = name + "\u0000" + Base64.getEncoder().encodeToString(digest);
    CompletableFuture<Boolean> shared = new CompletableFuture<>();
    CompletableFuture<Boolean> running = inFlight.putIfAbsent(pair, shared);
    if (running != null) {
      return running;
    }
    CompletableFuture.supplyAsync(() -> {
      if (user == null || !user.enabled()) {
        StandIn.HASH.matches(password);
        return false;
      }
      boolean matches = isVerified(name, digest) || user.passwordMatches(password);
      if (matches) {
        verified.put(name, digest);
      }
      return matches;
    }, HASHING).whenComplete((matches, failure) -> {
      inFlight.remove(pair);
      if (failure != null) {
        shared.completeExceptionally(failure);
      } else {
        shared.complete(matches);
      }
    });
    return shared;
  }

  private boolean isVerified(String name, byte[] digest) {
    byte[] known = verified.get(name);
    return known != null && MessageDigest.isEqual(known, digest);
  }

  /** Every user, in the file's order, for ACL LIST. */
  public List<User> all() {
    return List.copyOf(byName.values());
  }

  /** Failed logins since the node started, for the metrics. */
  public long failures() {
    return failures.sum();
  }

  private byte[] digest(String name, byte[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
      mac.update(name.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(password);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /** A user name as typed by anyone, safe for one log line. */
  private static String printable(String name) {
    String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
