package io.raftcache.node.watch;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftcache.proto.v1.KeyEvent;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's invalidation feed: the key events of the entries it applies, kept for a while so a
 * subscriber that reconnects (to this node or another) can resume after the last index it saw.
 *
 * <p>Every field is confined to one thread: the apply thread only hands events over, and gRPC's
 * threads only hand subscribers over, so publishing never waits for a slow subscriber. A subscriber
 * that cannot keep up is sent what it can take; if it falls behind the events kept, it gets a reset.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  /** Entries with events kept for resuming subscribers, at most. */
  public static final int DEFAULT_CAPACITY = 100_000;
  /** Bytes of keys kept for resuming subscribers, at most: the history is kept whether or not anyone listens. */
  public static final long DEFAULT_BYTE_CAPACITY = 16L << 20;
  /** What an event costs beyond its key bytes, roughly. */
  private static final int EVENT_OVERHEAD_BYTES = 64;
  /** How often a subscriber hears from the feed at least, events or not. */
  public static final long PROGRESS_INTERVAL_MS = 1_000;

  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "change-feed");
    t.setDaemon(true);
    return t;
  });
  private final int capacity;
  private final long byteCapacity;
  private final NavigableMap<Long, List<KeyEvent>> recent = new TreeMap<>();
  private long recentBytes;
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  /** The size of {@link #subscribers}, readable from any thread. */
  private final AtomicInteger subscriberCount = new AtomicInteger();
  /** Every entry after this index that had events is in {@link #recent}. */
  private long completeAfter;
  private long lastIndex;

  public ChangeFeed(int capacity, long byteCapacity) {
    this.capacity = capacity;
    this.byteCapacity = byteCapacity;
    thread.scheduleWithFixedDelay(this::drainAll, PROGRESS_INTERVAL_MS, PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  /** The state now starts at {@code index} with no history (a start, or a snapshot installed). */
  public void reset(long index) {
    run(() -> {
      recent.clear();
      recentBytes = 0;
      completeAfter = index;
      lastIndex = index;
      drainAll();
    });
  }

  /** The events of the entry at {@code index}, in the order it made them. */
  public void publish(long index, List<KeyEvent> events) {
    run(() -> {
      lastIndex = Math.max(lastIndex, index);
      if (!events.isEmpty()) {
        recent.put(index, events);
        recentBytes += bytesOf(events);
        while (recent.size() > capacity || recentBytes > byteCapacity) {
          Map.Entry<Long, List<KeyEvent>> oldest = recent.pollFirstEntry();
          recentBytes -= bytesOf(oldest.getValue());
          completeAfter = oldest.getKey();
        }
      }
      drainAll();
    });
  }

  /** Watch streams open now. */
  public int subscribers() {
    return subscriberCount.get();
  }

  /** Streams events under the request's prefix to {@code out} until the call ends. */
  public void subscribe(WatchRequest request, ServerCallStreamObserver<WatchResponse> out) {
    subscribe(request, CompletableFuture.completedFuture(key -> true), out);
  }

  /**
   * As above, once {@code visible} is known (a user's keys: the caller's login may still be under
   * way); the stream fails with {@code visible}'s failure instead. The stream's handlers are set
   * now, as gRPC requires.
   */
  public void subscribe(WatchRequest request, CompletableFuture<Predicate<ByteString>> visible,
      ServerCallStreamObserver<WatchResponse> out) {
    Subscriber s = new Subscriber(request.getPrefix(), out);
    out.setOnReadyHandler(() -> run(() -> drain(s)));
    out.setOnCancelHandler(() -> run(() -> drop(s)));
    visible.whenComplete((keys, failure) -> {
      if (failure != null) {
        try {
          out.onError(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        } catch (RuntimeException callGone) {
          LOG.debug("Watch refusal dropped: the call was already cancelled", callGone);
        }
        return;
      }
      s.visible = keys;
      start(request, s);
    });
  }

  private void start(WatchRequest request, Subscriber s) {
    run(() -> {
      if (subscribers.add(s)) {
        subscriberCount.incrementAndGet();
      }
      s.after = request.getResume() ? request.getAfterIndex() : lastIndex;
      s.send(WatchResponse.newBuilder().setIndex(s.after).build());
      drain(s);
    });
  }

  private void drainAll() {
    List.copyOf(subscribers).forEach(this::drain);
  }

  /** Sends {@code s} what it has not seen, as far as its stream takes it now. */
  private void drain(Subscriber s) {
    if (!subscribers.contains(s)) {
      return;
    }
    if (s.after < completeAfter) {
      if (!s.out.isReady()) {
        return; // nothing newer may go out before the reset
      }
      s.after = completeAfter;
      s.send(WatchResponse.newBuilder().setIndex(completeAfter).setReset(true).build());
    }
    for (Map.Entry<Long, List<KeyEvent>> entry : recent.tailMap(s.after, false).entrySet()) {
      if (!s.out.isReady()) {
        return; // resumed by the stream's ready handler
      }
      s.after = entry.getKey();
      List<KeyEvent> matching = s.matching(entry.getValue());
      if (!matching.isEmpty()) {
        s.send(WatchResponse.newBuilder().setIndex(entry.getKey()).addAllEvents(matching).build());
      }
    }
    // Caught up: every entry up to lastIndex is seen. Say so about once a second, so that a
    // subscriber of a quiet prefix can resume from a recent index rather than get a needless reset,
    // and can tell a live stream from a node that stopped.
    boolean due = System.nanoTime() - s.lastSentNanos >= TimeUnit.MILLISECONDS.toNanos(PROGRESS_INTERVAL_MS);
    if (due && s.out.isReady()) {
      s.after = Math.max(s.after, lastIndex);
      s.send(WatchResponse.newBuilder().setIndex(s.after).build());
    }
  }

  private static long bytesOf(List<KeyEvent> events) {
    long bytes = 0;
    for (KeyEvent e : events) {
      bytes += e.getKey().size() + EVENT_OVERHEAD_BYTES;
    }
    return bytes;
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException closed) {
      LOG.debug("Change feed closed; dropped a task");
    }
  }

  /** On the feed's thread. */
  private void drop(Subscriber s) {
    if (subscribers.remove(s)) {
      subscriberCount.decrementAndGet();
    }
  }

  /** Ends every stream; the subscribers' SDKs resubscribe elsewhere. */
  @Override
  public void close() {
    run(() -> subscribers.forEach(s -> s.out.onCompleted()));
    thread.shutdown();
  }

  private final class Subscriber {
    private final ByteString prefix;
    private final ServerCallStreamObserver<WatchResponse> out;
    /** The keys its caller may see; set before it joins the subscribers. */
    private volatile Predicate<ByteString> visible = key -> false;
    private long after;
    private long lastSentNanos;

    Subscriber(ByteString prefix, ServerCallStreamObserver<WatchResponse> out) {
      this.prefix = prefix;
      this.out = out;
    }

    List<KeyEvent> matching(List<KeyEvent> events) {
      List<KeyEvent> matching = new ArrayList<>();
      for (KeyEvent e : events) {
        if (e.getKey().startsWith(prefix) && visible.test(e.getKey())) {
          matching.add(e);
        }
      }
      return matching;
    }

    void send(WatchResponse response) {
      try {
        out.onNext(response);
        lastSentNanos = System.nanoTime();
      } catch (RuntimeException callGone) {
        drop(this);
      }
    }
  }
}
