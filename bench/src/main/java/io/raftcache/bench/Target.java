package io.raftcache.bench;

import java.util.List;
import redis.clients.jedis.Jedis;

/** A server replayed against, over the Redis protocol: {@code name=host:port} on the command line. */
record Target(String name, String host, int port) {
  static Target parse(String spec) {
    int equals = spec.indexOf('=');
    int colon = spec.lastIndexOf(':');
    if (equals < 1 || colon < equals + 2) {
      throw new IllegalArgumentException("--target must be NAME=HOST:PORT, not '" + spec + "'");
    }
    return new Target(spec.substring(0, equals), spec.substring(equals + 1, colon), Integer.parseInt(spec.substring(colon + 1)));
  }

  Jedis connect() {
    Jedis jedis = new Jedis(host, port, 30_000);
    jedis.ping();
    return jedis;
  }

  /** A field of the server's INFO, as a number. */
  static long info(Jedis jedis, String section, String field) {
    for (String line : jedis.info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new IllegalStateException("INFO " + section + " has no " + field);
  }

  /** A setting from CONFIG GET. */
  static String config(Jedis jedis, String name) {
    List<String> reply = jedis.configGet(name).values().stream().toList();
    return reply.isEmpty() ? "?" : reply.get(0);
  }
}
