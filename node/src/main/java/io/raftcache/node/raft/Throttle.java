package io.raftcache.node.raft;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets something happen at most once per interval: a warning that could otherwise flood the log. */
public final class Throttle {
  private final long intervalNanos;
  private final AtomicLong nextNanos;

  public Throttle(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.nextNanos = new AtomicLong(System.nanoTime());
  }

  public boolean allow() {
    long now = System.nanoTime();
    long next = nextNanos.get();
    return now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos);
  }
}
