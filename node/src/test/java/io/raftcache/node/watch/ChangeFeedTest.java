package io.raftcache.node.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftcache.proto.v1.KeyEvent;
import io.raftcache.proto.v1.KeyEventType;
import io.raftcache.proto.v1.WatchRequest;
import io.raftcache.proto.v1.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {
  private ChangeFeed feed;

  @AfterEach
  void close() {
    feed.close();
  }

  private static List<KeyEvent> set(String key) {
    return List.of(KeyEvent.newBuilder().setType(KeyEventType.KEY_EVENT_TYPE_SET).setKey(ByteString.copyFromUtf8(key)).build());
  }

  private static WatchRequest resumeAfter(long index) {
    return WatchRequest.newBuilder().setResume(true).setAfterIndex(index).build();
  }

  @Test
  void resumingWithinTheHistory_replaysEveryLaterEntry_matchingThePrefix() {
    feed = new ChangeFeed(100, 1 << 20);
    feed.reset(0);
    feed.publish(1, set("user:1"));
    feed.publish(2, set("order:1"));
    feed.publish(3, set("user:2"));
    Stream stream = new Stream(true);

    feed.subscribe(resumeAfter(1).toBuilder().setPrefix(ByteString.copyFromUtf8("user:")).build(), stream);

    await().atMost(Duration.ofSeconds(5)).until(() -> stream.sent.size() >= 2);
    assertThat(stream.sent.get(0).getIndex()).isEqualTo(1);
    assertThat(stream.sent.get(1).getIndex()).isEqualTo(3);
    assertThat(stream.sent.get(1).getEvents(0).getKey().toStringUtf8()).isEqualTo("user:2");
    assertThat(stream.sent).noneMatch(WatchResponse::getReset);
  }

  @Test
  void resumingBeforeTheHistory_whenTheStreamBecomesReadyMidway_getsTheResetBeforeAnythingNewer() {
    feed = new ChangeFeed(2, 1 << 20); // keeps entries 4 and 5 only
    feed.reset(0);
    for (long i = 1; i <= 5; i++) {
      feed.publish(i, set("k" + i));
    }
    Stream stream = new Stream(false);
    stream.readyAfterCalls = 1; // not ready when first asked, ready from the next question on

    feed.subscribe(resumeAfter(1), stream);

    await().atMost(Duration.ofSeconds(5)).until(() -> stream.sent.size() >= 4);
    assertThat(stream.sent.get(1).getReset()).isTrue();
    assertThat(stream.sent.get(1).getIndex()).isEqualTo(3);
    assertThat(stream.sent.subList(2, 4)).extracting(WatchResponse::getIndex).containsExactly(4L, 5L);
  }

  @Test
  void historyOverItsByteBudget_dropsTheOldestEntries() {
    feed = new ChangeFeed(1000, 300); // each event counts its key and 64 bytes
    feed.reset(0);
    for (long i = 1; i <= 10; i++) {
      feed.publish(i, set("key-" + i));
    }
    Stream stream = new Stream(true);

    feed.subscribe(resumeAfter(1), stream);

    await().atMost(Duration.ofSeconds(5)).until(() -> stream.sent.stream().anyMatch(WatchResponse::getReset));
    long resetAt = stream.sent.stream().filter(WatchResponse::getReset).findFirst().orElseThrow().getIndex();
    assertThat(resetAt).isGreaterThan(5);
  }

  /** A server stream whose readiness the test controls. */
  private static final class Stream extends ServerCallStreamObserver<WatchResponse> {
    final List<WatchResponse> sent = new CopyOnWriteArrayList<>();
    private volatile boolean ready;
    /** When positive: isReady answers false this many times, then true. */
    volatile int readyAfterCalls;

    Stream(boolean ready) {
      this.ready = ready;
    }

    @Override
    public void onNext(WatchResponse value) {
      sent.add(value);
    }

    @Override
    public boolean isReady() {
      if (readyAfterCalls > 0) {
        readyAfterCalls--;
        ready = readyAfterCalls == 0;
        return false;
      }
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
