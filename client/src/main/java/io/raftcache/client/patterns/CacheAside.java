package io.raftcache.client.patterns;

import io.raftcache.client.internal.Ttls;

import io.raftcache.client.CacheClient;
import io.raftcache.client.SetOptions;
import io.raftcache.client.SetResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Cache-aside reads for an application in front of a slow database: read the cache, and on a miss
 * ask the database (the loader) and remember its answer for a while.
 *
 * <pre>{@code
 * CacheAside products = CacheAside.builder(client).ttlJitter(0.1).negativeTtl(Duration.ofSeconds(10)).build();
 * Optional<String> json = products.getOrLoad("product:42", Duration.ofMinutes(1), id -> db.findJson(id));
 * }</pre>
 *
 * <p>A key holds only real values. When negative caching is on, a "not found" answer is kept in a
 * separate marker key, {@code key + "\u0000absent"}, and a real value always wins over a marker.
 *
 * <p>Thread-safe. Concurrent misses of the same key in one instance share a single loader call
 * (single flight); other instances or processes may each load once. Cache errors are the
 * {@link io.raftcache.client.CacheException}s of {@link CacheClient}.
 */
public final class CacheAside {
  public static final double DEFAULT_TTL_JITTER = 0;
  /** Zero: negative caching is off. */
  public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ZERO;

  private static final String ABSENT_SUFFIX = "\u0000absent";

  private final CacheClient client;
  private final double ttlJitter;
  private final Duration negativeTtl;
  private final ConcurrentHashMap<String, CompletableFuture<Optional<String>>> loading = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder negativeHits = new LongAdder();

  private CacheAside(Builder builder) {
    this.client = builder.client;
    this.ttlJitter = builder.ttlJitter;
    this.negativeTtl = builder.negativeTtl;
  }

  public static Builder builder(CacheClient client) {
    return new Builder(client);
  }

  /**
   * The value of {@code key}: from the cache, or else from {@code loader}, whose answer is then
   * cached for {@code ttl} (stretched by the jitter) or, if empty and negative caching is on,
   * remembered as "not found" for the negative TTL. One read answers both the key and its marker
   * (linearizable, unless {@code client} is a {@link CacheClient#withStaleReads()} view).
   *
   * <p>The loaded value is stored only if the key is still absent (NX), so a slow loader never
   * overwrites a value {@link #writeThrough} stored meanwhile; that newer value is returned instead.
   * If the loader throws, the exception reaches every caller waiting for it and nothing is stored.
   *
   * @param loader called with {@code key}; must not return null, nor call {@code getOrLoad} for the
   *     same key (it would wait for itself)
   */
  public Optional<String> getOrLoad(String key, Duration ttl, Function<String, Optional<String>> loader) {
    Objects.requireNonNull(loader, "loader");
    SetOptions store = SetOptions.ttl(jittered(ttl)).onlyIfAbsent().returnPrevious();
    List<Optional<String>> valueAndMarker = client.mget(key, absentKey(key));
    if (valueAndMarker.get(0).isPresent()) {
      hits.increment();
      return valueAndMarker.get(0);
    }
    if (valueAndMarker.get(1).isPresent()) {
      negativeHits.increment();
      return Optional.empty();
    }
    misses.increment();
    return loadOnce(key, store, loader);
  }

  /**
   * For the update path, after the database changed: sets {@code key} to {@code value} for
   * {@code ttl} whatever it held, then deletes its "not found" marker (two writes).
   */
  public void writeThrough(String key, String value, Duration ttl) {
    client.set(key, value, SetOptions.ttl(ttl));
    client.del(absentKey(key));
  }

  /**
   * As {@link #writeThrough}, but only if the key still has {@code expectedVersion}, the version
   * {@link CacheClient#getEntry(String)} returned; false (nothing changed) if the key is gone or
   * someone changed it since.
   */
  public boolean writeThroughIfVersion(String key, String value, Duration ttl, long expectedVersion) {
    boolean applied = client.set(key, value, SetOptions.ttl(ttl).onlyIfVersion(expectedVersion)).applied();
    if (applied) {
      client.del(absentKey(key));
    }
    return applied;
  }

  /** Forgets {@code key} and its "not found" marker in one delete; the next read loads it. */
  public void invalidate(String key) {
    client.del(key, absentKey(key));
  }

  /** The counts since this instance was built. */
  public Stats stats() {
    return new Stats(hits.sum(), misses.sum(), loads.sum(), negativeHits.sum());
  }

  /**
   * What {@link #getOrLoad} did.
   *
   * @param hits reads answered by a cached value
   * @param misses reads that found neither a value nor a marker (including those that waited for
   *     another caller's load)
   * @param loads loader calls
   * @param negativeHits reads answered by a remembered "not found"
   */
  public record Stats(long hits, long misses, long loads, long negativeHits) {}

  private Optional<String> loadOnce(String key, SetOptions store, Function<String, Optional<String>> loader) {
    CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<String>> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      return join(running);
    }
    try {
      Optional<String> value = load(key, store, loader);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(key, mine);
    }
  }

  private Optional<String> load(String key, SetOptions store, Function<String, Optional<String>> loader) {
    loads.increment();
    Optional<String> loaded = Objects.requireNonNull(loader.apply(key), "the loader returned null");
    if (loaded.isPresent()) {
      SetResult result = client.set(key, loaded.get(), store);
      // NX: when the set did not apply, previous is the value written meanwhile, and it wins.
      return Optional.of(result.previousAsString().orElse(loaded.get()));
    }
    if (!negativeTtl.isZero()) {
      client.set(absentKey(key), "", SetOptions.ttl(negativeTtl));
    }
    return loaded;
  }

  private Duration jittered(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    return ttl.plusMillis((long) (ttl.toMillis() * ttlJitter * ThreadLocalRandom.current().nextDouble()));
  }

  private static String absentKey(String key) {
    return key + ABSENT_SUFFIX;
  }

  private static Optional<String> join(CompletableFuture<Optional<String>> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      // the loading caller completed it with its own RuntimeException or Error: rethrow that
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw (Error) e.getCause();
    }
  }

  /** Builds a {@link CacheAside}; every setting is checked when it is set. */
  public static final class Builder {
    private final CacheClient client;
    private double ttlJitter = DEFAULT_TTL_JITTER;
    private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;

    private Builder(CacheClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Stretches each stored TTL by a random 0 to {@code fraction} of itself (0 to 1), so keys
     * loaded together do not expire, and reload, together. 0.1 adds up to 10%.
     */
    public Builder ttlJitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("ttlJitter must be between 0 and 1, not " + fraction);
      }
      this.ttlJitter = fraction;
      return this;
    }

    /** How long a loader's "not found" is remembered (1 ms to 3650 days); zero turns this off. */
    public Builder negativeTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "negativeTtl");
      if (!ttl.isZero()) {
        Ttls.toMillis(ttl, "negativeTtl");
      }
      this.negativeTtl = ttl;
      return this;
    }

    public CacheAside build() {
      return new CacheAside(this);
    }
  }
}
