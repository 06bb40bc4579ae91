package io.raftcache.node.statemachine;

import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.proto.internal.StoredProgress;
import io.raftcache.proto.internal.StoredSession;

/** Receives what one applied entry changed, to be written to durable storage as one batch. */
public interface StateChanges extends Keyspace.ChangeSink {
  /** {@code session} is null when the client's session was dropped. */
  void session(Key clientId, StoredSession session);

  void progress(StoredProgress progress);

  /** For a state with no durable copy (tests, tools). */
  StateChanges DISCARD = new StateChanges() {
    @Override
    public void entry(Key key, Entry entry) {}

    @Override
    public void membersCleared(Key key) {}

    @Override
    public void member(Key key, Key member, byte[] stored) {}

    @Override
    public void session(Key clientId, StoredSession session) {}

    @Override
    public void progress(StoredProgress progress) {}
  };
}
