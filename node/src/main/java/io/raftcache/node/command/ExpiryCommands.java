package io.raftcache.node.command;

import io.raftcache.node.keyspace.Deadline;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.proto.internal.ExpireKeys;
import io.raftcache.proto.internal.ExpireKeysResult;
import io.raftcache.proto.internal.ExpiredKey;
import java.util.List;

/**
 * Applies the leader's expiry decisions. A key is removed only if it still carries the deadline
 * the leader saw and that deadline has passed at the entry's time, so a key that was set again
 * after the leader looked survives.
 */
final class ExpiryCommands {
  private final Keyspace keyspace;

  ExpiryCommands(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  ExpireKeysResult expireKeys(ExpireKeys command, long now) {
    long removed = 0;
    for (ExpiredKey expired : command.getKeysList()) {
      if (keyspace.removeIf(Key.wrap(expired.getKey().toByteArray()),
          entry -> entry.expiresAtMillis() == expired.getExpiresAtMs() && entry.isExpiredAt(now))) {
        removed++;
      }
    }
    if (removed > 0) {
      keyspace.nextRevision();
      keyspace.stats().expired(removed);
    }
    return ExpireKeysResult.newBuilder().setRemoved(removed).build();
  }

  /** What the leader proposes: keys expired at {@code now}, earliest first. */
  ExpireKeys findExpired(long now, int limit) {
    List<Deadline> due = keyspace.expiredAt(now, limit);
    ExpireKeys.Builder command = ExpireKeys.newBuilder();
    for (Deadline d : due) {
      command.addKeys(ExpiredKey.newBuilder()
          .setKey(com.google.protobuf.ByteString.copyFrom(d.key().bytes()))
          .setExpiresAtMs(d.expiresAtMillis()));
    }
    return command.build();
  }
}
