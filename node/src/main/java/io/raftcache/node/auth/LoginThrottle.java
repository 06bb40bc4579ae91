package io.raftcache.node.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long to hold the answer to a failed login, by the address that sent it: 100 ms for each
 * failure in the last minute, at most 2 s, so that guessing from one address gets slow while one
 * mistyped password costs little. Remembers at most 10,000 addresses (the oldest go first).
 */
final class LoginThrottle {
  private static final long STEP_MILLIS = 100;
  private static final long MAX_DELAY_MILLIS = 2_000;
  private static final long FORGET_AFTER_NANOS = 60_000_000_000L;
  private static final int MAX_ADDRESSES = 10_000;

  private record Failures(int count, long lastNanos) {}

  private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  /** Records a failure from {@code address}; returns how long its answer waits. */
  synchronized long failed(String address) {
    long now = System.nanoTime();
    Failures before = byAddress.get(host(address));
    int count = before == null || now - before.lastNanos > FORGET_AFTER_NANOS ? 1 : before.count + 1;
    byAddress.put(host(address), new Failures(count, now));
    return Math.min(count * STEP_MILLIS, MAX_DELAY_MILLIS);
  }

  synchronized void succeeded(String address) {
    byAddress.remove(host(address));
  }

  synchronized int failuresOf(String address) {
    Failures failures = byAddress.get(host(address));
    return failures == null ? 0 : failures.count;
  }

  /** An address without its port: a guesser opens a new connection per try. */
  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    return colon > 0 ? address.substring(0, colon) : address;
  }
}
