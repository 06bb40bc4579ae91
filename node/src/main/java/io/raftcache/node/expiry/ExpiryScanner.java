package io.raftcache.node.expiry;

import io.raftcache.node.raft.RaftNode;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.LogCommand;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, deletes expired keys by replicating the decision: every interval it looks for
 * keys past their deadline and proposes one entry deleting them. Followers never expire keys on
 * their own clock; until the delete arrives they hide expired keys from reads. On an idle cluster
 * it also keeps the cluster's clock, which expiry runs on, moving ({@link RaftNode#tickIfIdle}).
 */
public final class ExpiryScanner implements AutoCloseable {
  /** The most keys one entry deletes; a backlog is worked off in consecutive rounds. */
  static final int MAX_KEYS_PER_ROUND = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ExpiryScanner.class);

  private final RaftNode raft;
  private final ScheduledExecutorService timer;

  private ExpiryScanner(RaftNode raft) {
    this.raft = raft;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "expiry-scanner");
      t.setDaemon(true);
      return t;
    });
  }

  public static ExpiryScanner start(RaftNode raft, Duration interval) {
    ExpiryScanner scanner = new ExpiryScanner(raft);
    scanner.timer.scheduleWithFixedDelay(scanner::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return scanner;
  }

  private void round() {
    try {
      ExpireKeys due;
      do {
        if (!raft.isLeaderReady()) {
          return;
        }
        due = raft.findExpired(MAX_KEYS_PER_ROUND);
        if (due.getKeysCount() > 0) {
          // Wait for it to apply, so the next round does not propose the same keys again.
          raft.write(LogCommand.newBuilder().setExpireKeys(due).build()).get(10, TimeUnit.SECONDS);
        }
      } while (due.getKeysCount() == MAX_KEYS_PER_ROUND);
      raft.tickIfIdle().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Leadership moved or the write timed out: the next leader's scanner takes over.
      LOG.debug("Expiry round failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
