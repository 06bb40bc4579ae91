package io.raftcache.node.statemachine;

import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.TtlRequest;
import io.raftcache.proto.v1.TtlResponse;

/** A replicated state with a log position, as the Raft state machine drives it. */
final class Replica {
  final ReplicatedState state = new ReplicatedState();
  private long index;

  CommandResult apply(LogCommand command) {
    return apply(1, command);
  }

  CommandResult apply(long term, LogCommand command) {
    return state.apply(term, ++index, command, StateChanges.DISCARD);
  }

  GetResponse get(String key, long now) {
    return state.read(CommandTable.GET, GetRequest.newBuilder().setKey(Log.b(key)).build(), now);
  }

  TtlResponse ttl(String key, long now) {
    return state.read(CommandTable.TTL, TtlRequest.newBuilder().setKey(Log.b(key)).build(), now);
  }

  String value(String key, long now) {
    GetResponse r = get(key, now);
    return r.getFound() ? r.getValue().toStringUtf8() : null;
  }
}
