package io.raftcache.bench;

import io.raftcache.cli.bench.Zipf;
import java.util.SplittableRandom;

/**
 * The key asked for by each request of a cache-aside trace: the same sequence for every server
 * replayed (a fixed seed). Each trace names its keys with its own prefix, so one trace's keys never
 * meet another's.
 */
enum Trace {
  /** Zipf-distributed requests (exponent 0.99) over the whole key universe: a few keys are hot. */
  ZIPF("zipf") {
    @Override
    String key(long request, int universe, Zipf zipf, SplittableRandom random) {
      return prefix + zipf.next(random);
    }
  },
  /**
   * 70 % of requests as {@link #ZIPF}, 30 % a scan going round a fifth of the universe in order
   * (request {@code i} scans key {@code i mod universe/5}): a scanned key comes back only after far
   * more requests than the cache holds, so keeping it is a waste, and a policy that keeps it pushes
   * hot keys out.
   */
  ZIPF_WITH_SCAN("scan") {
    @Override
    String key(long request, int universe, Zipf zipf, SplittableRandom random) {
      return random.nextInt(10) < 3 ? prefix + "s" + request % (universe / 5) : prefix + "z" + zipf.next(random);
    }
  },
  /**
   * {@link #ZIPF}, but every {@link #PHASE_REQUESTS} requests the ranks move to other keys (by a
   * quarter of the universe): the hot keys of the last phase go cold at once, and a policy must
   * forget them.
   */
  SHIFTING("shift") {
    @Override
    String key(long request, int universe, Zipf zipf, SplittableRandom random) {
      long phase = request / PHASE_REQUESTS;
      return prefix + (zipf.next(random) + phase * (universe / 4)) % universe;
    }
  };

  static final double ZIPF_EXPONENT = 0.99;
  static final long PHASE_REQUESTS = 50_000;

  final String prefix;

  Trace(String name) {
    this.prefix = name + ":";
  }

  /** The key of request number {@code request}. */
  abstract String key(long request, int universe, Zipf zipf, SplittableRandom random);

  /** The keys of {@code requests} requests over {@code universe} keys, from the fixed seed. */
  String[] replay(int requests, int universe) {
    Zipf zipf = new Zipf(universe, ZIPF_EXPONENT);
    SplittableRandom random = new SplittableRandom(42);
    String[] trace = new String[requests];
    for (int i = 0; i < requests; i++) {
      trace[i] = key(i, universe, zipf, random);
    }
    return trace;
  }

  /** The trace's name on the command line and in results: zipf, scan, shift. */
  String traceName() {
    return prefix.substring(0, prefix.length() - 1);
  }
}
