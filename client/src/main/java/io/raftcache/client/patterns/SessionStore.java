package io.raftcache.client.patterns;

import io.raftcache.client.internal.Ttls;

import io.raftcache.client.CacheClient;
import io.raftcache.client.Hashes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * User sessions kept in the cache, so any app server can serve any request. A session is a hash
 * at {@code keyPrefix + id} that expires after {@code idleTimeout} without a write or a
 * {@link #touch} (sliding expiry); reads do not renew it.
 *
 * <pre>{@code
 * SessionStore sessions = new SessionStore(client, "session:", Duration.ofMinutes(30));
 * String id = sessions.create(Map.of("user", "ada"));   // send id in a cookie
 * sessions.touch(id);                                    // on each request
 * }</pre>
 *
 * <p>Thread-safe. Reads are linearizable, so a session written through one node is seen through
 * any other. Cache errors are the {@link io.raftcache.client.CacheException}s of {@link CacheClient}.
 */
public final class SessionStore {
  /** The field {@link #create} stores when given no fields, since an empty hash does not exist. */
  public static final String CREATED_AT = "created_at";

  private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();

  private final CacheClient client;
  private final Hashes hashes;
  private final String keyPrefix;
  private final Duration idleTimeout;
  private final SecureRandom random = new SecureRandom();

  /** @param idleTimeout how long a session lives without a write or touch (1 ms to 3650 days) */
  public SessionStore(CacheClient client, String keyPrefix, Duration idleTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.hashes = client.hashes();
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    Ttls.toMillis(idleTimeout, "idleTimeout");
    this.idleTimeout = idleTimeout;
  }

  /**
   * Stores a new session with {@code fields} (or, if there are none, {@link #CREATED_AT} with the
   * epoch millis) and returns its id: 128 random bits, base64url without padding.
   */
  public String create(Map<String, String> fields) {
    byte[] bits = new byte[16];
    random.nextBytes(bits);
    String id = ID_ENCODING.encodeToString(bits);
    Map<String, String> initial = fields.isEmpty()
        ? Map.of(CREATED_AT, Long.toString(System.currentTimeMillis()))
        : fields;
    hashes.hset(key(id), initial, idleTimeout);
    return id;
  }

  /** Every field of the session, or empty if it expired or was destroyed. */
  public Optional<Map<String, String>> get(String id) {
    Map<String, String> fields = hashes.hgetall(key(id));
    return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
  }

  public Optional<String> getField(String id, String field) {
    return hashes.hget(key(id), field);
  }

  /** Renews the idle timeout; false if the session is gone. */
  public boolean touch(String id) {
    return client.expire(key(id), idleTimeout);
  }

  /**
   * Sets one field and renews the idle timeout in the same step. On a session that is gone this
   * starts a new one holding only this field: check {@link #get} first if that matters.
   */
  public void put(String id, String field, String value) {
    hashes.hset(key(id), Map.of(field, value), idleTimeout);
  }

  /** Deletes the session; false if it was already gone. */
  public boolean destroy(String id) {
    return client.del(key(id)) == 1;
  }

  private String key(String id) {
    return keyPrefix + Objects.requireNonNull(id, "id");
  }
}
