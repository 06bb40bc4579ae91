package io.raftcache.node.watch;

import com.google.protobuf.UnsafeByteOperations;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.statemachine.StateChanges;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.internal.StoredSession;
import io.raftcache.proto.v1.KeyEventType;
import io.raftcache.proto.v1.KeyEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes one applied entry's changes on to durable storage and notes, for the change feed, which
 * keys were written, deleted or expired.
 */
public final class EventRecorder implements StateChanges {
  private final StateChanges storage;
  private final KeyEventType removal;
  private final List<KeyEvent> events = new ArrayList<>();

  /** @param removal what a removed key is reported as: EXPIRED, EVICTED (the leader's decisions) or DELETED */
  public EventRecorder(StateChanges storage, KeyEventType removal) {
    this.storage = storage;
    this.removal = removal;
  }

  /** How the keys an entry removes went: by the leader's expiry or eviction, else by a client's command. */
  public static KeyEventType removalBy(io.raftcache.proto.internal.LogCommand command) {
    return command.hasExpireKeys() ? KeyEventType.KEY_EVENT_TYPE_EXPIRED
        : command.hasEvictKeys() ? KeyEventType.KEY_EVENT_TYPE_EVICTED : KeyEventType.KEY_EVENT_TYPE_DELETED;
  }

  public List<KeyEvent> events() {
    return events;
  }

  @Override
  public void entry(Key key, Entry entry) {
    storage.entry(key, entry);
    events.add(KeyEvent.newBuilder()
        .setType(entry == null ? removal : KeyEventType.KEY_EVENT_TYPE_SET)
        .setKey(UnsafeByteOperations.unsafeWrap(key.bytes())) // keys never change: share, don't copy
        .build());
  }

  @Override
  public void membersCleared(Key key) {
    storage.membersCleared(key);
  }

  @Override
  public void member(Key key, Key member, byte[] stored) {
    storage.member(key, member, stored);
  }

  @Override
  public void session(Key clientId, StoredSession session) {
    storage.session(clientId, session);
  }

  @Override
  public void progress(StoredProgress progress) {
    storage.progress(progress);
  }
}
