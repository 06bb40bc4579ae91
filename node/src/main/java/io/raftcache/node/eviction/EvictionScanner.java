package io.raftcache.node.eviction;

import io.raftcache.node.config.MemoryLimit;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.EvictedKey;
import io.raftcache.proto.internal.LogCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, keeps the keys inside the memory limit by replicating the decision, as expiry
 * does: whenever the keys take more than {@code max_memory_bytes} it picks victims by the policy
 * and proposes one entry evicting them, again until memory is under the limit. Followers never
 * evict on their own. Logs one line when a wave of evictions starts and one when it ends: when
 * memory has stayed under the limit for {@link #QUIET} (a cache at its limit evicts every few
 * writes, and that is one wave, not a line per write).
 */
public final class EvictionScanner implements AutoCloseable {
  /** The most keys one entry evicts. */
  static final int MAX_KEYS_PER_ENTRY = 1000;
  /**
   * The most keys one round evicts (in entries of {@link #MAX_KEYS_PER_ENTRY}, proposed together).
   * A round takes all the excess at once, so under a write flood memory passes the limit by what
   * arrives while one round commits, not by what a fixed round size leaves behind.
   */
  static final int MAX_KEYS_PER_ROUND = 100 * MAX_KEYS_PER_ENTRY;
  /** The most key bytes one entry names: a thousand long keys would make one large entry. */
  static final long MAX_ENTRY_BYTES = 1L << 20;
  /** The most key bytes one round names, well inside Ratis's pending-write budget (64 MB). */
  static final long MAX_ROUND_BYTES = 16L << 20;
  /** How often the leader compares memory with the limit. */
  static final Duration INTERVAL = Duration.ofMillis(10);
  /** Under the limit this long after evicting, a wave is over. */
  static final Duration QUIET = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(EvictionScanner.class);

  private final RaftNode raft;
  private final MemoryLimit limit;
  private final ScheduledExecutorService timer;
  /** Keys evicted in the current wave; 0 between waves. */
  private long evictedInWave;
  private long lastEvictionNanos;
  private boolean warnedNothingToEvict;
  /** Entries proposed and not applied yet (a slow commit): no new victims are drawn until they are. */
  private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

  private EvictionScanner(RaftNode raft, MemoryLimit limit) {
    this.raft = raft;
    this.limit = limit;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "eviction-scanner");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts one for a node with a memory limit and a policy that evicts; null otherwise. */
  public static EvictionScanner startIfLimited(RaftNode raft, MemoryLimit limit) {
    if (!limit.limited() || limit.policy() == io.raftcache.node.config.EvictionPolicy.NOEVICTION) {
      return null;
    }
    if (limit.policy().countsRequests()) {
      raft.countRequests(); // on every node: a follower may lead later, and then it needs the counts
    }
    EvictionScanner scanner = new EvictionScanner(raft, limit);
    scanner.timer.scheduleWithFixedDelay(scanner::round, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return scanner;
  }

  private void round() {
    try {
      if (!inFlight.isDone()) {
        return; // they would be drawn again: they are still there until their entries apply
      }
      while (raft.isLeaderReady() && raft.usedMemory() > limit.maxBytes()) {
        EvictKeys victims = raft.findVictims(limit, MAX_KEYS_PER_ROUND);
        if (victims.getKeysCount() == 0) {
          if (!warnedNothingToEvict) {
            LOG.warn("Memory {} bytes is over max_memory_bytes {} and {} finds nothing to evict: writes that grow "
                + "memory fail with OOM", raft.usedMemory(), limit.maxBytes(), limit.policy().configName());
            warnedNothingToEvict = true;
          }
          return;
        }
        if (evictedInWave == 0) {
          LOG.info("Evicting ({}): memory {} bytes is over max_memory_bytes {}", limit.policy().configName(),
              raft.usedMemory(), limit.maxBytes());
        }
        // Wait for them to apply, so the next round sees the memory they freed.
        List<CompletableFuture<?>> proposed = new ArrayList<>();
        int evicting = 0;
        for (List<EvictedKey> keys : entries(victims.getKeysList())) {
          proposed.add(raft.write(LogCommand.newBuilder().setEvictKeys(EvictKeys.newBuilder().addAllKeys(keys)).build()));
          evicting += keys.size();
        }
        inFlight = CompletableFuture.allOf(proposed.toArray(CompletableFuture[]::new));
        inFlight.get(10, TimeUnit.SECONDS);
        evictedInWave += evicting;
        lastEvictionNanos = System.nanoTime();
      }
      if (evictedInWave > 0 && System.nanoTime() - lastEvictionNanos > QUIET.toNanos()) {
        LOG.info("Eviction wave done: {} keys chosen, memory {} bytes", evictedInWave, raft.usedMemory());
        evictedInWave = 0;
      }
      warnedNothingToEvict = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Leadership moved or the write timed out: the next leader's scanner takes over.
      LOG.debug("Eviction round failed", e);
    } catch (Throwable e) {
      // Anything else would end the schedule silently: say so, and keep going.
      LOG.warn("Eviction round failed unexpectedly", e);
    }
  }

  /**
   * The victims in entries of at most {@link #MAX_KEYS_PER_ENTRY} keys and {@link
   * #MAX_ENTRY_BYTES}, as many as fit in {@link #MAX_ROUND_BYTES} (the rest are drawn again next
   * round): long keys must not make one round's entries fill Ratis's pending-write budget, which
   * client writes share.
   */
  static List<List<EvictedKey>> entries(List<EvictedKey> victims) {
    List<List<EvictedKey>> entries = new ArrayList<>();
    List<EvictedKey> entry = new ArrayList<>();
    long entryBytes = 0;
    long roundBytes = 0;
    for (EvictedKey victim : victims) {
      long size = victim.getSerializedSize();
      if (roundBytes + size > MAX_ROUND_BYTES) {
        break;
      }
      if (!entry.isEmpty() && (entry.size() == MAX_KEYS_PER_ENTRY || entryBytes + size > MAX_ENTRY_BYTES)) {
        entries.add(entry);
        entry = new ArrayList<>();
        entryBytes = 0;
      }
      entry.add(victim);
      entryBytes += size;
      roundBytes += size;
    }
    if (!entry.isEmpty()) {
      entries.add(entry);
    }
    return entries;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
