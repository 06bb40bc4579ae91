package io.raftcache.chaos.check;

import static org.awaitility.Awaitility.await;

import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.client.CacheClient;
import io.raftcache.client.KeyChange;
import io.raftcache.client.MemberStatus;
import io.raftcache.client.Watch;
import io.raftcache.client.WatchListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The keys under a prefix the leader evicted during a scenario, as the invalidation feed tells:
 * a write lost to eviction is the memory limit at work, not a lost write. Follows the feed through
 * the faults as an application's SDK would (resuming where it left off).
 */
public final class EvictionWatch implements AutoCloseable {
  private static final Duration DELIVERY = Duration.ofMillis(200);

  private final CacheClient client;
  private final Watch watch;
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean missedSome = new AtomicBoolean();

  /** Subscribes, and waits until a node streams to it: nothing evicted from then on is missed. */
  public EvictionWatch(CacheClient client, String prefix) {
    this.client = client;
    this.watch = client.watch(prefix, new WatchListener() {
      @Override
      public void onChange(KeyChange change) {
        if (change.type() == KeyChange.Type.EVICTED) {
          evicted.add(change.key());
        }
      }

      @Override
      public void onReset() {
        missedSome.set(true);
      }
    });
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(watch::isSubscribed);
    } catch (ConditionTimeoutException stillResubscribing) {
      // It keeps trying; if it never streams, evictedUpTo reports it.
    }
  }

  /**
   * Every key evicted up to the cluster's last commit, once the feed has reported that far; fails
   * if the feed could not, or if it had to skip changes (then an eviction may be missing).
   */
  public Set<String> evictedUpTo(ChaosCluster cluster, Duration timeout) {
    long committed = cluster.status().stream().mapToLong(MemberStatus::commitIndex).max().orElse(0);
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> watch.lastIndex() >= committed);
    } catch (ConditionTimeoutException behind) {
      throw new IllegalStateException("the feed reported up to index " + watch.lastIndex() + " of " + committed
          + " within " + timeout.toSeconds() + " s");
    }
    // The SDK advances lastIndex just before it hands the changes to the listener.
    LockSupport.parkNanos(DELIVERY.toNanos());
    if (missedSome.get()) {
      throw new IllegalStateException("the feed could not resume where the watch left off: evictions may be missing");
    }
    return Set.copyOf(evicted);
  }

  @Override
  public void close() {
    watch.close();
    client.close();
  }
}
