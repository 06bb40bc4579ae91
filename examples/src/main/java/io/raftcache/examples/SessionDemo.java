package io.raftcache.examples;

import io.raftcache.client.CacheClient;
import io.raftcache.client.patterns.SessionStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sessions outside stateless app servers: a user logs in through one node (the first endpoint)
 * and the next request, served through another node (the last endpoint), finds the session.
 *
 * <pre>
 * bin/raftcache-example sessions [--endpoints H:P,...]
 * </pre>
 */
public final class SessionDemo {
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  private SessionDemo() {}

  public static void main(String[] argv) throws Exception {
    Args.exitOnCacheError(() -> run(argv));
  }

  private static void run(String[] argv) {
    List<String> endpoints = Args.parse(argv, Map.of("endpoints", Args.DEFAULT_ENDPOINTS)).endpoints("endpoints");
    String first = endpoints.get(0);
    String last = endpoints.get(endpoints.size() - 1);
    try (CacheClient loginServer = CacheClient.builder().endpoints(List.of(first)).build();
        CacheClient otherServer = CacheClient.builder().endpoints(List.of(last)).build()) {
      SessionStore atLogin = new SessionStore(loginServer, "session:", IDLE_TIMEOUT);
      SessionStore elsewhere = new SessionStore(otherServer, "session:", IDLE_TIMEOUT);

      String id = atLogin.create(Map.of("user", "ada", "role", "admin"));
      System.out.printf("logged in through %s: session %s%n", first, id);
      atLogin.put(id, "cart", "3 items");
      System.out.printf("read through %s:  %s%n", last, elsewhere.get(id).orElseThrow());
      System.out.printf("touched:    %s, idle timeout renewed to %s%n", elsewhere.touch(id),
          otherServer.ttl("session:" + id).remaining());
      System.out.printf("destroyed:  %s; read again: %s%n", elsewhere.destroy(id), atLogin.get(id));
    }
  }
}
