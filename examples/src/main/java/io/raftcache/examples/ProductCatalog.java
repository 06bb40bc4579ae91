package io.raftcache.examples;

import io.raftcache.cli.bench.Zipf;
import io.raftcache.client.CacheClient;
import io.raftcache.client.patterns.CacheAside;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cache-aside in front of a database: product lookups by id, skewed as real traffic is (Zipf,
 * exponent 1.1, plus 1% for ids that do not exist), read through {@link CacheAside} from an
 * in-memory H2 table. Prints how many database queries the cache saved.
 *
 * <pre>
 * bin/raftcache-example products [--endpoints H:P,...] [--requests 20000] [--products 1000] [--threads 4]
 * </pre>
 *
 * Cached products live 60 s (plus up to 10% jitter) and "not found" 10 s, so a second run within
 * a minute starts warm.
 */
public final class ProductCatalog {
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
  private static final double ZIPF_EXPONENT = 1.1;
  private static final int MISSING_IDS = 20;

  private ProductCatalog() {}

  public static void main(String[] argv) throws Exception {
    Args.exitOnCacheError(() -> run(argv));
  }

  private static void run(String[] argv) throws Exception {
    Args args = Args.parse(argv, Map.of(
        "endpoints", Args.DEFAULT_ENDPOINTS, "requests", "20000", "products", "1000", "threads", "4"));
    int requests = args.positive("requests");
    int products = args.positive("products");
    int threads = args.positive("threads");

    try (ProductDatabase database = ProductDatabase.create(products);
        CacheClient client = CacheClient.builder().endpoints(args.endpoints("endpoints")).build()) {
      CacheAside catalog = CacheAside.builder(client).ttlJitter(0.1).negativeTtl(NEGATIVE_TTL).build();
      Zipf popularity = new Zipf(products, ZIPF_EXPONENT);
      LongAdder found = new LongAdder();
      SplittableRandom seeds = new SplittableRandom(42);

      List<Callable<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = requests / threads + (t < requests % threads ? 1 : 0);
        SplittableRandom random = seeds.split();
        workers.add(() -> {
          for (int i = 0; i < share; i++) {
            long id = random.nextInt(100) == 0 ? products + 1 + random.nextInt(MISSING_IDS) : popularity.next(random);
            if (catalog.getOrLoad("product:" + id, TTL, key -> database.find(id)).isPresent()) {
              found.increment();
            }
          }
          return null;
        });
      }
      long start = System.nanoTime();
      runAll(workers);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      CacheAside.Stats stats = catalog.stats();
      long queries = database.queries();
      System.out.printf("requests            %,d (%,d found, %,d not found) on %d threads%n",
          requests, found.sum(), requests - found.sum(), threads);
      System.out.printf("database queries    %,d%n", queries);
      System.out.printf("queries avoided     %,d (%.1f%%)%n", requests - queries, 100.0 * (requests - queries) / requests);
      System.out.printf("hit ratio           %.1f%% (%,d hits, %,d remembered not-found, %,d misses)%n",
          100.0 * (stats.hits() + stats.negativeHits()) / requests, stats.hits(), stats.negativeHits(), stats.misses());
      System.out.printf("elapsed             %.2f s (%,.0f requests/s)%n",
          elapsed.toNanos() / 1e9, requests / (elapsed.toNanos() / 1e9));
    }
  }

  private static void runAll(List<Callable<Void>> workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers.size());
    try {
      for (Future<Void> done : pool.invokeAll(workers)) {
        done.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
