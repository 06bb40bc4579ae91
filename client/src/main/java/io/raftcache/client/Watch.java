package io.raftcache.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.raftcache.client.internal.ClusterChannels;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.KeyEvent;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running subscription to the invalidation feed; {@link #close} ends it. Any node serves the
 * feed. When the stream breaks (the node died or went silent), the watch resubscribes to another
 * node after the last log index it saw, so no change is missed unless that node no longer holds
 * the changes since then; the listener is then told to {@link WatchListener#onReset reset}.
 */
public final class Watch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
  /** A node sends something at least every second; this much silence means it is gone. */
  static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);

  private final ClusterChannels channels;
  private final ScheduledExecutorService scheduler;
  private final RetryPolicy policy;
  private final ByteString prefix;
  private final WatchListener listener;
  private final ScheduledFuture<?> silenceCheck;
  private ClientCallStreamObserver<WatchRequest> call;
  private int generation;
  private int failures;
  private long lastIndex;
  /** Whether a node has told us a position yet: from then on, every stream resumes after it. */
  private boolean positioned;
  private boolean subscribed;
  private long lastHeardNanos = System.nanoTime();
  private boolean closed;

  Watch(ClusterChannels channels, ScheduledExecutorService scheduler, RetryPolicy policy, String prefix,
      WatchListener listener) {
    this.channels = channels;
    this.scheduler = scheduler;
    this.policy = policy;
    this.prefix = Codec.bytes(prefix);
    this.listener = listener;
    subscribe();
    this.silenceCheck = scheduler.scheduleWithFixedDelay(this::cutIfSilent, 1, 1, TimeUnit.SECONDS);
  }

  /** The log index of the last change (or position) the feed reported. */
  public synchronized long lastIndex() {
    return lastIndex;
  }

  /** Whether a node is streaming to this watch now (false while it resubscribes). */
  public synchronized boolean isSubscribed() {
    return subscribed;
  }

  private synchronized void subscribe() {
    if (closed) {
      return;
    }
    int mine = ++generation;
    lastHeardNanos = System.nanoTime();
    subscribed = false;
    WatchRequest request = WatchRequest.newBuilder()
        .setPrefix(prefix)
        .setAfterIndex(lastIndex)
        .setResume(positioned)
        .build();
    CacheGrpc.newStub(channels.nextChannel()).watch(request, new ClientResponseObserver<WatchRequest, WatchResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
        call = requestStream;
      }

      @Override
      public void onNext(WatchResponse response) {
        received(mine, response);
      }

      @Override
      public void onError(Throwable t) {
        Status.Code code = Status.fromThrowable(t).getCode();
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
          refused(mine, t);
        } else {
          ended(mine, t.toString());
        }
      }

      @Override
      public void onCompleted() {
        ended(mine, "the node ended the stream");
      }
    });
  }

  private void received(int streamGeneration, WatchResponse response) {
    synchronized (this) {
      if (streamGeneration != generation || closed) {
        return;
      }
      lastHeardNanos = System.nanoTime();
      failures = 0;
      lastIndex = response.getIndex();
      positioned = true;
      subscribed = true;
    }
    if (response.getReset()) {
      deliver(listener::onReset);
    }
    for (KeyEvent e : response.getEventsList()) {
      deliver(() -> listener.onChange(new KeyChange(typeOf(e), e.getKey().toStringUtf8())));
    }
  }

  /** Calls the listener; one that throws misses nothing else. */
  private static void deliver(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("A watch listener failed; the watch goes on", e);
    }
  }

  /** The cluster refused this watch (credentials, permissions): it stops, and says so once. */
  private synchronized void refused(int streamGeneration, Throwable why) {
    if (streamGeneration != generation || closed) {
      return;
    }
    closed = true;
    LOG.warn("Watch refused, not resubscribing: {}", Status.fromThrowable(why));
    deliver(() -> listener.onRefused(new AccessDeniedException("watch refused: " + Status.fromThrowable(why), why)));
  }

  private synchronized void ended(int streamGeneration, String why) {
    if (streamGeneration != generation || closed) {
      return;
    }
    generation++; // later callbacks of the ended stream are ignored
    subscribed = false;
    Duration backoff = policy.backoff(failures++);
    LOG.debug("Watch stream ended ({}); resubscribing after index {} in {}", why, lastIndex, backoff);
    try {
      scheduler.schedule(this::subscribe, backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException clientClosed) {
      closed = true;
    }
  }

  private synchronized void cutIfSilent() {
    if (!closed && System.nanoTime() - lastHeardNanos > SILENCE_LIMIT.toNanos() && call != null) {
      call.cancel("no message from the node for " + SILENCE_LIMIT.toSeconds() + " s", null);
    }
  }

  private static KeyChange.Type typeOf(KeyEvent e) {
    return switch (e.getType()) {
      case KEY_EVENT_TYPE_DELETED -> KeyChange.Type.DELETED;
      case KEY_EVENT_TYPE_EXPIRED -> KeyChange.Type.EXPIRED;
      case KEY_EVENT_TYPE_EVICTED -> KeyChange.Type.EVICTED;
      default -> KeyChange.Type.SET;
    };
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    silenceCheck.cancel(false);
    if (call != null) {
      call.cancel("watch closed", null);
    }
  }
}
