package io.raftcache.node.resp;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where raftcache's Redis protocol departs from Redis 7.0, command by command: the README's
 * compatibility table is generated from this and the command table ({@code CompatibilityTableTest}
 * fails when they disagree), so a departure is never left for users to find.
 */
final class Compatibility {
  /** Differences of a command that is served. */
  static final Map<String, String> DEPARTURES = Map.ofEntries(
      Map.entry("set", "EXAT/PXAT become a TTL by the receiving node's clock; a TTL over 3650 days is refused"),
      Map.entry("expire", "a TTL over 3650 days is refused"),
      Map.entry("pexpire", "as EXPIRE"),
      Map.entry("expireat", "as EXPIRE; the time becomes a TTL by the receiving node's clock"),
      Map.entry("pexpireat", "as EXPIREAT"),
      Map.entry("scan", "the cursor is a large number naming the last key seen (any node continues it); "
          + "COUNT is capped at 1000"),
      Map.entry("hgetall", "fields in byte order of the field, not insertion order (neither is promised)"),
      Map.entry("hkeys", "as HGETALL"),
      Map.entry("hvals", "as HGETALL"),
      Map.entry("smembers", "members in byte order (Redis: hash order; neither is promised)"),
      Map.entry("zrange", "BYLEX is refused (not yet)"),
      Map.entry("select", "one database: SELECT 0 only"),
      Map.entry("hscan", "the whole hash in one reply with cursor 0 (Redis does so for a small hash), in field order"),
      Map.entry("sscan", "the whole set in one reply with cursor 0 (Redis 7.0 pages a set of strings)"),
      Map.entry("zscan", "the whole sorted set in one reply with cursor 0, in score order (as Redis for a small one)"),
      Map.entry("watch", "a key missing when watched, then created and deleted again before EXEC, does not abort "
          + "the EXEC (Redis: it does); any other change to a watched key does"),
      Map.entry("keys", "keys in byte order; a pattern with an unfinished [ or \\ is refused"),
      Map.entry("flushdb", "as FLUSHALL: one database"),
      Map.entry("incrbyfloat", "hexadecimal numbers (0x10) are refused; numbers are limited to 5,000 characters"),
      Map.entry("append", "the value may grow to 16 MiB, past max_value_bytes"),
      Map.entry("setrange", "as APPEND"),
      Map.entry("getex", "as SET for EXAT/PXAT and the longest TTL"),
      Map.entry("spop", "the node that receives the command picks the members (a seed in the log entry, so every "
          + "replica removes the same ones)"),
      Map.entry("srandmember", "a negative count repeats at most 1,000,000 members"),
      Map.entry("rename", "moving a hash, set, sorted set or list rewrites its member records: time grows with its "
          + "size (Redis: constant)"),
      Map.entry("renamenx", "as RENAME"),
      Map.entry("lpos", "RANK -9223372036854775808 is refused"),
      Map.entry("config", "GET answers a fixed set (port, maxclients, appendonly yes, appendfsync always...); "
          + "SET, REWRITE and RESETSTAT are refused: settings come from the cluster file"),
      Map.entry("info", "server, clients, memory (the JVM's heap), persistence, stats, replication (with Raft's term "
          + "and indexes), keyspace; fewer fields than Redis"),
      Map.entry("hello", "AUTH logs in as a user of the cluster file; without users any pair is accepted"),
      Map.entry("auth", "users and their permissions come from the cluster file (docs/security.md); a login "
          + "after failures from the same address is answered later (100 ms per failure in the last minute, at most 2 s);"
          + " refused inside MULTI"),
      Map.entry("acl", "WHOAMI, LIST and USERS only; LIST shows no password digest; SETUSER and the rest are refused:"
          + " users come from the cluster file"),
      Map.entry("ping", "answered before a login where the cluster has users (Redis 7: NOAUTH), for probes"),
      Map.entry("publish", "refused: the only channel is Sentinel's +switch-master, which the nodes publish"),
      Map.entry("sentinel", "every node answers for the cluster: get-master-addr-by-name, master(s), replicas, "
          + "sentinels, myid; the master is the Raft leader"),
      Map.entry("role", "the leader answers master, the others slave of it; offsets are Raft's applied index"),
      Map.entry("command", "DOCS answers an empty map; key specs, tips and ACL categories are empty"));

  /** Redis commands in common use that are not served: they answer "ERR unknown command". */
  static final List<String> NOT_SERVED = List.of(
      "blpop", "brpop", "blmove", "lmove", "rpoplpush", "linsert", "zrangebylex", "zunionstore", "zinterstore",
      "hincrbyfloat", "hrandfield", "setbit", "getbit", "bitcount", "pfadd", "pfcount", "geoadd", "xadd", "eval",
      "evalsha", "function", "object", "dump", "restore", "move", "swapdb", "wait");

  /** What applies to every command. */
  static final List<String> GENERAL = List.of(
      "Keys must not be empty; keys, hash fields and members are at most `max_key_bytes`, values at most "
          + "`max_value_bytes`, one command names at most `max_batch_keys` keys (errors name the field).",
      "A bulk string or command larger than the node's request limit (`proto-max-bulk-len` in CONFIG GET) is a "
          + "protocol error and closes the connection, as Redis does past its own limit.",
      "A connection that sends part of a command and then nothing for `client_stall_timeout_ms` gets a protocol "
          + "error and is closed (Redis waits forever).",
      "Writes are acknowledged once a majority has them in an fsync'd log (`appendfsync always` on a quorum); a "
          + "write reaching a follower is forwarded to the leader. With no leader for 5 s a write fails with "
          + "`ERR no leader: ...` (not TRYAGAIN: it may still be applied once a leader is elected, as after a Redis "
          + "timeout). A client's own retries are at-least-once, as with Redis.",
      "Reads are linearizable (through Raft's ReadIndex); after READONLY a connection reads the node's copy, "
          + "which may be behind.",
      "With `max_memory_bytes`, RENAME and SMOVE are refused with OOM like the writes Redis flags denyoom (a "
          + "longer name or a new destination takes more memory); COMMAND INFO flags every write denyoom.",
      "With users in the cluster file, a user limited to some keys may not run SCAN, KEYS, RANDOMKEY or FLUSHALL"
          + " (Redis lets SCAN and KEYS list every key name); pub/sub channels are not restricted by user.");

  private Compatibility() {}

  /** The README's table: every command served, its arity and kind, and how it departs from Redis. */
  static String markdown(RespCommands table) {
    StringBuilder out = new StringBuilder();
    out.append("| command | arity | kind | departs from Redis 7.0 |\n|---|---|---|---|\n");
    table.rows().stream().sorted(java.util.Comparator.comparing(RespCommand::name)).forEach(row ->
        out.append("| ").append(row.name().toUpperCase(java.util.Locale.ROOT))
            .append(" | ").append(row.arity())
            .append(" | ").append(row.isWrite() ? "write" : row.isRead() ? "read" : "connection")
            .append(" | ").append(DEPARTURES.getOrDefault(row.name(), "—"))
            .append(" |\n"));
    out.append("\nEvery command:\n\n");
    GENERAL.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append("\nNot served (\"ERR unknown command\"), among the commands in common use: ")
        .append(NOT_SERVED.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.joining(", ")))
        .append(".\n");
    return out.toString();
  }
}
