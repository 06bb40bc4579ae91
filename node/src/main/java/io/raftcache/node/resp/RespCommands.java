package io.raftcache.node.resp;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every command a Redis client may send, by name: the data commands, each the Redis syntax of a
 * row of the command table, and the connection and server commands. COMMAND answers from here.
 */
final class RespCommands {
  private final Map<String, RespCommand> byName = new LinkedHashMap<>();

  RespCommands() {
    DataCommands.all().forEach(this::add);
    ServerCommands.all(this).forEach(this::add);
    PubSubCommands.all().forEach(this::add);
    MultiCommands.all(this).forEach(this::add);
    AuthCommands.all().forEach(this::add);
    add(SentinelCommands.row());
  }

  private void add(RespCommand row) {
    if (byName.putIfAbsent(row.name(), row) != null) {
      throw new IllegalStateException("two RESP commands named " + row.name());
    }
  }

  /** The command of this lower-case name, or null. */
  RespCommand named(String name) {
    return byName.get(name);
  }

  Collection<RespCommand> rows() {
    return byName.values();
  }
}
