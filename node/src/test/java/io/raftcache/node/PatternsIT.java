package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftcache.client.CacheClient;
import io.raftcache.client.patterns.CacheAside;
import io.raftcache.client.patterns.Leaderboard;
import io.raftcache.client.patterns.Leaderboard.Standing;
import io.raftcache.client.patterns.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's patterns (cache-aside, sessions, leaderboard) against one real 3-node cluster. */
class PatternsIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir
  static Path dir;
  private static MiniCluster cluster;
  private static CacheClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
    cluster.awaitLeader();
    client = cluster.client();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    client.close();
    cluster.close();
  }

  // ---- CacheAside

  @Test
  void getOrLoad_missThenHit_loadsOnce() {
    CacheAside aside = CacheAside.builder(client).build();
    CountingLoader loader = new CountingLoader(key -> Optional.of("value of " + key));

    assertThat(aside.getOrLoad("aside:once", MINUTE, loader)).contains("value of aside:once");
    assertThat(aside.getOrLoad("aside:once", MINUTE, loader)).contains("value of aside:once");

    assertThat(loader.calls).hasValue(1);
    assertThat(client.get("aside:once")).contains("value of aside:once");
    assertThat(aside.stats()).isEqualTo(new CacheAside.Stats(1, 1, 1, 0));
  }

  @Test
  void getOrLoad_concurrentMisses_shareOneLoad() throws Exception {
    CacheAside aside = CacheAside.builder(client).build();
    CountingLoader loader = new CountingLoader(key -> {
      sleep(200);
      return Optional.of("shared");
    });

    List<Optional<String>> results = all(16, () -> aside.getOrLoad("aside:flight", MINUTE, loader));

    assertThat(loader.calls).hasValue(1);
    assertThat(results).hasSize(16).containsOnly(Optional.of("shared"));
  }

  @Test
  void getOrLoad_loaderThrows_everyWaiterFailsAndNothingIsStored() throws Exception {
    CacheAside aside = CacheAside.builder(client).build();
    CountingLoader loader = new CountingLoader(key -> {
      sleep(200);
      throw new IllegalStateException("database down");
    });

    List<Optional<String>> failures = all(8, () -> {
      try {
        aside.getOrLoad("aside:throws", MINUTE, loader);
        return Optional.of("no exception");
      } catch (IllegalStateException e) {
        return Optional.of(e.getMessage());
      }
    });

    assertThat(loader.calls).hasValue(1);
    assertThat(failures).hasSize(8).containsOnly(Optional.of("database down"));
    assertThat(client.exists("aside:throws")).isZero();
  }

  @Test
  void getOrLoad_notFound_isRememberedForTheNegativeTtl() {
    CacheAside aside = CacheAside.builder(client).negativeTtl(Duration.ofMillis(300)).build();
    CountingLoader loader = new CountingLoader(key -> Optional.empty());

    assertThat(aside.getOrLoad("aside:absent", MINUTE, loader)).isEmpty();
    assertThat(aside.getOrLoad("aside:absent", MINUTE, loader)).isEmpty();
    assertThat(loader.calls).hasValue(1);
    assertThat(aside.stats().negativeHits()).isEqualTo(1);

    await().atLeast(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> aside.getOrLoad("aside:absent", MINUTE, loader).isEmpty() && loader.calls.get() == 2);
  }

  @Test
  void writeThrough_afterNotFound_makesTheValueVisibleAndForgetsTheNotFound() {
    CacheAside aside = CacheAside.builder(client).negativeTtl(MINUTE).build();
    aside.getOrLoad("aside:created", MINUTE, key -> Optional.empty());

    aside.writeThrough("aside:created", "v1", MINUTE);
    assertThat(aside.getOrLoad("aside:created", MINUTE, PatternsIT::mustNotLoad)).contains("v1");

    client.del("aside:created"); // as if it expired: the old "not found" must not answer
    assertThat(aside.getOrLoad("aside:created", MINUTE, key -> Optional.of("v2"))).contains("v2");
  }

  @Test
  void invalidate_nextReadLoadsAgain() {
    CacheAside aside = CacheAside.builder(client).negativeTtl(MINUTE).build();
    CountingLoader loader = new CountingLoader(key -> Optional.of("v" + System.nanoTime()));
    Optional<String> first = aside.getOrLoad("aside:invalidate", MINUTE, loader);

    aside.invalidate("aside:invalidate");

    Optional<String> second = aside.getOrLoad("aside:invalidate", MINUTE, loader);
    assertThat(loader.calls).hasValue(2);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void getOrLoad_slowLoader_doesNotOverwriteAWriteThroughMadeMeanwhile() {
    CacheAside aside = CacheAside.builder(client).build();

    Optional<String> read = aside.getOrLoad("aside:race", MINUTE, key -> {
      aside.writeThrough(key, "fresh", MINUTE);
      return Optional.of("stale");
    });

    assertThat(read).contains("fresh");
    assertThat(client.get("aside:race")).contains("fresh");
  }

  @Test
  void writeThroughIfVersion_appliesOnlyAtThatVersion() {
    CacheAside aside = CacheAside.builder(client).build();
    aside.writeThrough("aside:cas", "v1", MINUTE);
    long version = client.getEntry("aside:cas").orElseThrow().version();

    assertThat(aside.writeThroughIfVersion("aside:cas", "v2", MINUTE, version)).isTrue();
    assertThat(aside.writeThroughIfVersion("aside:cas", "v3", MINUTE, version)).isFalse();
    assertThat(client.get("aside:cas")).contains("v2");
  }

  @Test
  void ttlJitter_spreadsTheExpiries() {
    CacheAside aside = CacheAside.builder(client).ttlJitter(0.5).build();

    // each TTL is read right after its load, so it is the stored TTL less a round trip
    List<Duration> stored = IntStream.range(0, 50).mapToObj(i -> "aside:jitter:" + i).map(key -> {
      aside.getOrLoad(key, Duration.ofSeconds(10), k -> Optional.of("v"));
      return client.ttl(key).remaining();
    }).toList();

    assertThat(stored).allSatisfy(ttl -> assertThat(ttl).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15)));
    assertThat(Collections.max(stored).minus(Collections.min(stored))).as("spread").isGreaterThan(Duration.ofSeconds(1));
  }

  // ---- SessionStore

  @Test
  void session_createdThroughOneNode_isReadThroughAnother() {
    try (CacheClient first = onlyNode(0); CacheClient third = onlyNode(2)) {
      String id = new SessionStore(first, "session:", MINUTE).create(Map.of("user", "ada", "role", "admin"));

      assertThat(id).matches("[A-Za-z0-9_-]{22}");
      assertThat(new SessionStore(third, "session:", MINUTE).get(id))
          .contains(Map.of("user", "ada", "role", "admin"));
    }
  }

  @Test
  void session_touchRenewsTheIdleTimeout() {
    SessionStore sessions = new SessionStore(client, "session:", MINUTE);
    String id = sessions.create(Map.of());
    assertThat(sessions.getField(id, SessionStore.CREATED_AT)).isPresent();
    client.expire("session:" + id, Duration.ofSeconds(5));

    assertThat(sessions.touch(id)).isTrue();

    assertThat(client.ttl("session:" + id).remaining()).isGreaterThan(Duration.ofSeconds(50));
    assertThat(sessions.touch("no-such-session")).isFalse();
  }

  @Test
  void session_putGetFieldDestroy() {
    SessionStore sessions = new SessionStore(client, "session:", MINUTE);
    String id = sessions.create(Map.of("user", "ada"));

    sessions.put(id, "cart", "3 items");
    assertThat(sessions.getField(id, "cart")).contains("3 items");
    assertThat(sessions.getField(id, "missing")).isEmpty();

    assertThat(sessions.destroy(id)).isTrue();
    assertThat(sessions.get(id)).isEmpty();
    assertThat(sessions.destroy(id)).isFalse();
  }

  @Test
  void session_expiresWhenIdle_survivesWhileTouched() throws Exception {
    SessionStore sessions = new SessionStore(client, "session:", Duration.ofSeconds(1));
    String idle = sessions.create(Map.of("user", "idle"));
    String active = sessions.create(Map.of("user", "active"));

    long start = System.nanoTime();
    Duration idleLived = null;
    while (since(start).compareTo(Duration.ofSeconds(2)) < 0) {
      Thread.sleep(300);
      assertThat(sessions.touch(active)).isTrue();
      if (idleLived == null && sessions.get(idle).isEmpty()) {
        idleLived = since(start);
      }
    }

    assertThat(idleLived).as("the idle session's life").isNotNull().isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(sessions.get(active)).contains(Map.of("user", "active"));
  }

  // ---- Leaderboard

  @Test
  void leaderboard_ranksTopStandingAroundAndIncrement() throws Exception {
    Leaderboard board = new Leaderboard(client, "board:game");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> adds = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        int n = i;
        adds.add(pool.submit(() -> board.add(player(n), n * 10.0)));
      }
      for (Future<?> add : adds) {
        add.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(board.size()).isEqualTo(1000);
    assertThat(board.top(3)).containsExactly(
        new Standing(player(999), 0, 9990), new Standing(player(998), 1, 9980), new Standing(player(997), 2, 9970));
    assertThat(board.standing(player(500))).contains(new Standing(player(500), 499, 5000));
    assertThat(board.standing("nobody")).isEmpty();
    assertThat(board.around(player(500), 2)).containsExactly(
        new Standing(player(502), 497, 5020), new Standing(player(501), 498, 5010),
        new Standing(player(500), 499, 5000),
        new Standing(player(499), 500, 4990), new Standing(player(498), 501, 4980));
    assertThat(board.around(player(998), 2)).extracting(Standing::rank).containsExactly(0L, 1L, 2L, 3L);
    assertThat(board.around("nobody", 2)).isEmpty();

    assertThat(board.increment(player(500), 5000)).isEqualTo(10_000);
    assertThat(board.standing(player(500))).contains(new Standing(player(500), 0, 10_000));
  }

  // ---- helpers

  private static String player(int n) {
    return String.format("player-%04d", n);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static CacheClient onlyNode(int index) {
    return CacheClient.builder().endpoints(List.of(cluster.endpoints().get(index))).build();
  }

  /** Runs {@code call} on {@code threads} threads released at the same moment; their results. */
  private static <T> List<T> all(int threads, Supplier<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return call.get();
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(20, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private static Optional<String> mustNotLoad(String key) {
    throw new AssertionError("loaded " + key + " although it was cached");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A loader that counts its calls. */
  private static final class CountingLoader implements Function<String, Optional<String>> {
    final AtomicInteger calls = new AtomicInteger();
    private final Function<String, Optional<String>> answer;

    CountingLoader(Function<String, Optional<String>> answer) {
      this.answer = answer;
    }

    @Override
    public Optional<String> apply(String key) {
      calls.incrementAndGet();
      return answer.apply(key);
    }
  }
}
