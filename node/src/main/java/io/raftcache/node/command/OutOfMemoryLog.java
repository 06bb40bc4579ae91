package io.raftcache.node.command;

import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.raft.Throttle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises the writes refused with OOM in the log: the first at once, then at most one line per
 * {@link #INTERVAL} with how many were refused since the line before, never one per write. (Each
 * refusal is counted in the metrics too: {@code raftcache_commands_total{outcome="out_of_memory"}}.)
 */
final class OutOfMemoryLog {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryLog.class);

  private final MemoryLimit limit;
  private final AtomicLong refused = new AtomicLong();
  private final Throttle throttle = new Throttle(INTERVAL);

  OutOfMemoryLog(MemoryLimit limit) {
    this.limit = limit;
  }

  void refused(long usedMemory) {
    refused.incrementAndGet();
    if (throttle.allow()) {
      LOG.warn("Refused {} write(s) with OOM since the last such line (one per {} s at most): memory {} bytes, "
          + "max_memory_bytes {}, eviction_policy {}", refused.getAndSet(0), INTERVAL.toSeconds(), usedMemory,
          limit.maxBytes(), limit.policy().configName());
    }
  }
}
