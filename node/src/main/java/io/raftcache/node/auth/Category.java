package io.raftcache.node.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a command does, as users' permissions name it (in the spirit of Redis's ACL categories).
 * Every command of both front ends falls in exactly one: its table row says read or write, and
 * the few that reach past that are named here once.
 */
public enum Category {
  /** Reads keys or the node's state. */
  READ,
  /** Changes keys. */
  WRITE,
  /** The node's settings, other users and other clients: CONFIG, ACL LIST / USERS, CLIENT LIST. */
  ADMIN,
  /** Touches the whole keyspace at once: FLUSHALL, FLUSHDB, KEYS. */
  DANGEROUS,
  /** The connection's own business (PING, HELLO, AUTH, SELECT, QUIT, CLIENT SETNAME...): every user may. */
  CONNECTION;

  private static final Set<String> DANGEROUS_COMMANDS = Set.of("flushall", "flushdb", "keys");
  private static final Set<String> ADMIN_COMMANDS = Set.of("config");
  /** EXEC runs what MULTI queued, each command checked as it was queued. */
  private static final Set<String> CONNECTION_COMMANDS = Set.of("exec");
  /** Commands that name no key but reach every key: a user limited to some keys may not run them. */
  private static final Set<String> WHOLE_KEYSPACE = Set.of("scan", "keys", "flushall", "flushdb", "randomkey");

  /** The category of a command named {@code name} that its table marks as a write, a read, or neither. */
  public static Category of(String name, boolean write, boolean read) {
    if (DANGEROUS_COMMANDS.contains(name)) {
      return DANGEROUS;
    }
    if (ADMIN_COMMANDS.contains(name)) {
      return ADMIN;
    }
    if (CONNECTION_COMMANDS.contains(name)) {
      return CONNECTION;
    }
    return write ? WRITE : read ? READ : CONNECTION;
  }

  /** Whether the command named {@code name} reaches every key though it names none. */
  public static boolean reachesEveryKey(String name) {
    return WHOLE_KEYSPACE.contains(name);
  }

  /** Its name in a cluster file's {@code commands} list. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category a cluster file names; CONNECTION is every user's and is not named. */
  public static Optional<Category> named(String name) {
    for (Category category : values()) {
      if (category != CONNECTION && category.configName().equals(name)) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }
}
