package io.raftcache.examples;

import io.raftcache.client.CacheException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An example's command line: {@code --name value} pairs, each name with a default. */
final class Args {
  static final String DEFAULT_ENDPOINTS = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";

  private final Map<String, String> defaults;
  private final Map<String, String> values;

  private Args(Map<String, String> defaults) {
    this.defaults = new TreeMap<>(defaults);
    this.values = new TreeMap<>(defaults);
  }

  /** Reads {@code args}; an unknown name or a missing value prints the usage and exits with 2. */
  static Args parse(String[] args, Map<String, String> defaults) {
    Args parsed = new Args(defaults);
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (!defaults.containsKey(name) || i + 1 == args.length) {
        parsed.fail("unknown option or missing value: " + args[i]);
      }
      parsed.values.put(name, args[i + 1]);
    }
    return parsed;
  }

  /** The comma-separated {@code host:port} list of {@code name}; at least one. */
  List<String> endpoints(String name) {
    List<String> endpoints = Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
    if (endpoints.isEmpty()) {
      fail("--" + name + " needs at least one host:port");
    }
    return endpoints;
  }

  int positive(String name) {
    try {
      int value = Integer.parseInt(values.get(name));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    return fail("--" + name + " must be a positive integer, not " + values.get(name));
  }

  /** An example's body. */
  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body}; a cache error (say, no cluster there) is one line on stderr and exit status 2. */
  static void exitOnCacheError(Body body) throws Exception {
    try {
      body.run();
    } catch (CacheException e) {
      System.err.println("raftcache-example: " + e.getMessage());
      System.exit(2);
    }
  }

  private int fail(String problem) {
    StringBuilder usage = new StringBuilder("options (defaults shown):");
    defaults.forEach((name, value) -> usage.append(" [--").append(name).append(' ').append(value).append(']'));
    System.err.println(problem + "\n" + usage);
    System.exit(2);
    throw new AssertionError("exit returned");
  }
}
