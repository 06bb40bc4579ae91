package io.raftcache.node.command;

import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.node.config.MemoryLimit;
import io.raftcache.proto.internal.EvictKeys;
import io.raftcache.proto.internal.ExpireKeys;

/**
 * The apply handlers of every command family over one replica's keyspace: what {@link
 * Command#run} calls. Only the state machine makes one, and only under its lock.
 */
public final class Handlers {
  final StringCommands strings;
  final KeyCommands keys;
  final HashCommands hashes;
  final SetCommands sets;
  final SortedSetCommands zsets;
  final ListCommands lists;
  final ExpiryCommands expiry;
  final EvictionCommands eviction;
  final TransactionCommands transactions;

  public Handlers(Keyspace keyspace) {
    TypedKeys typed = new TypedKeys(keyspace);
    this.strings = new StringCommands(keyspace);
    this.keys = new KeyCommands(keyspace);
    this.hashes = new HashCommands(typed);
    this.sets = new SetCommands(typed);
    this.zsets = new SortedSetCommands(typed);
    this.lists = new ListCommands(typed);
    this.expiry = new ExpiryCommands(keyspace);
    this.eviction = new EvictionCommands(keyspace);
    this.transactions = new TransactionCommands(this, keys);
  }

  /** The keys expired by {@code now}, at most {@code limit}: what the leader proposes to delete. */
  public ExpireKeys findExpired(long now, int limit) {
    return expiry.findExpired(now, limit);
  }

  /** The keys that bring memory under {@code limit}, at most {@code maxKeys}: what the leader proposes to evict. */
  public EvictKeys findVictims(MemoryLimit limit, long now, int maxKeys) {
    return eviction.findVictims(limit, now, maxKeys);
  }
}
