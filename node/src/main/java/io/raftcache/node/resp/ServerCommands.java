package io.raftcache.node.resp;

import io.raftcache.node.config.MemoryLimit;

import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.keyspace.GlobPattern;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.v1.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The connection and server commands every Redis client library and tool sends: PING, HELLO,
 * CLIENT, SELECT, COMMAND, INFO, CONFIG GET, ROLE and the like. They read this node and the
 * connection; none reaches the log.
 */
final class ServerCommands {
  /** The Redis version clients are told they speak to: the command set and replies follow it. */
  static final String REDIS_VERSION = "7.0.15";
  private static final List<String> CONNECTION = List.of("fast", "loading", "stale");

  private ServerCommands() {}

  static List<RespCommand> all(RespCommands table) {
    return List.of(
        now("ping", -1, c -> {
          if (c.size() > 2) {
            throw c.wrongArity();
          }
          return c.size() == 2 ? Reply.bulk(c.bytes(1)) : new Reply.Simple("PONG");
        }),
        now("echo", 2, c -> Reply.bulk(c.bytes(1))),
        new RespCommand("hello", -1, CONNECTION, 0, 0, 0, ServerCommands::hello),
        now("select", 2, c -> {
          if (c.integer(1) != 0) {
            throw new RespException("ERR DB index is out of range");
          }
          return Reply.OK;
        }),
        now("readonly", 1, c -> {
          c.session.readOnly = true;
          return Reply.OK;
        }),
        now("readwrite", 1, c -> {
          c.session.readOnly = false;
          return Reply.OK;
        }),
        now("reset", 1, c -> {
          c.session.reset();
          c.session.user = c.node.users.anonymous().orElse(null);
          return new Reply.Simple("RESET");
        }),
        now("quit", -1, c -> Reply.OK),
        now("client", -2, ServerCommands::client),
        now("command", -1, c -> CommandInfo.command(c, table)),
        now("info", -1, ServerInfo::info),
        now("dbsize", 1, c -> Reply.integer(c.node.status().map(s -> (long) s.progress().keyCount()).orElse(0L))),
        now("time", 1, c -> {
          long micros = System.currentTimeMillis() * 1000;
          return Reply.array(List.of(Reply.bulk(Long.toString(micros / 1_000_000)),
              Reply.bulk(Long.toString(micros % 1_000_000))));
        }),
        now("config", -2, ServerCommands::config),
        now("role", 1, ServerCommands::role));
  }

  private static RespCommand now(String name, int arity, Function<Call, Reply> handler) {
    return new RespCommand(name, arity, CONNECTION, 0, 0, 0,
        c -> CompletableFuture.completedFuture(handler.apply(c)));
  }

  /** HELLO [protover [AUTH username password] [SETNAME clientname]] */
  private static CompletableFuture<Reply> hello(Call c) {
    int protocol = c.session.protocol;
    int i = 1;
    if (c.size() > 1) {
      long version = RespDecoder.parseLong(c.text(1));
      if (version == Long.MIN_VALUE) {
        throw new RespException("ERR Protocol version is not an integer or out of range");
      }
      if (version != 2 && version != 3) {
        throw new RespException("NOPROTO unsupported protocol version");
      }
      protocol = (int) version;
      i = 2;
    }
    String name = null;
    String user = null;
    byte[] password = null;
    for (; i < c.size(); i++) {
      if (c.word(i).equals("AUTH") && i + 2 < c.size()) {
        user = c.text(++i);
        password = c.bytes(++i).toByteArray();
      } else if (c.word(i).equals("SETNAME") && i + 1 < c.size()) {
        name = c.text(++i);
      } else {
        throw new RespException("ERR Syntax error in HELLO option '" + c.text(i) + "'");
      }
    }
    int chosen = protocol;
    String clientName = name;
    if (user != null) {
      return AuthCommands.logIn(c, user, password).thenApply(failure -> failure != null ? failure
          : helloReply(c, chosen, clientName));
    }
    if (c.session.user == null) {
      throw new RespException("NOAUTH HELLO must be called with the client already authenticated, otherwise the"
          + " HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP"
          + " protocol version at the same time");
    }
    return CompletableFuture.completedFuture(helloReply(c, chosen, clientName));
  }

  private static Reply helloReply(Call c, int protocol, String name) {
    c.session.protocol = protocol;
    if (name != null) {
      c.session.name = name;
    }
    boolean leads = c.node.status().map(s -> s.role() == Role.ROLE_LEADER).orElse(false);
    return new Reply.MapReply(List.of(
        Reply.bulk("server"), Reply.bulk("redis"),
        Reply.bulk("version"), Reply.bulk(REDIS_VERSION),
        Reply.bulk("proto"), Reply.integer(protocol),
        Reply.bulk("id"), Reply.integer(c.session.id),
        Reply.bulk("mode"), Reply.bulk("standalone"),
        Reply.bulk("role"), Reply.bulk(leads ? "master" : "replica"),
        Reply.bulk("modules"), Reply.EMPTY_ARRAY));
  }

  private static Reply client(Call c) {
    switch (c.word(1)) {
      case "SETNAME" -> {
        requireWords(c, 3);
        String name = c.text(2);
        if (name.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) {
          throw new RespException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        c.session.name = name;
        return Reply.OK;
      }
      case "GETNAME" -> {
        requireWords(c, 2);
        return c.session.name.isEmpty() ? Reply.NULL : Reply.bulk(c.session.name);
      }
      case "ID" -> {
        requireWords(c, 2);
        return Reply.integer(c.session.id);
      }
      case "INFO" -> {
        requireWords(c, 2);
        return Reply.bulk(ClientList.line(c.session) + "\n");
      }
      case "LIST" -> {
        AuthCommands.requireAdmin(c, "client|list");
        return Reply.bulk(ClientList.of(c.node.sessions.values()));
      }
      case "SETINFO" -> {
        requireWords(c, 4);
        switch (c.word(2)) {
          case "LIB-NAME" -> c.session.libName = c.text(3);
          case "LIB-VER" -> c.session.libVersion = c.text(3);
          default -> throw new RespException("ERR Unrecognized option '" + c.text(2) + "'");
        }
        return Reply.OK;
      }
      default -> throw unknownSubcommand(c);
    }
  }

  private static Reply config(Call c) {
    if (!c.word(1).equals("GET")) {
      if (c.word(1).equals("SET") || c.word(1).equals("RESETSTAT") || c.word(1).equals("REWRITE")) {
        throw new RespException("ERR raftcache takes its settings from the cluster file; CONFIG "
            + c.word(1) + " is not supported");
      }
      throw unknownSubcommand(c);
    }
    if (c.size() < 3) {
      throw new RespException("ERR wrong number of arguments for 'config|get' command");
    }
    Map<String, String> settings = settings(c.node);
    List<Reply> matches = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      for (int i = 2; i < c.size(); i++) {
        if (GlobPattern.matches(c.text(i).toLowerCase(Locale.ROOT), setting.getKey())) {
          matches.add(Reply.bulk(setting.getKey()));
          matches.add(Reply.bulk(setting.getValue()));
          break;
        }
      }
    }
    return new Reply.MapReply(matches);
  }

  /** What CONFIG GET reports: the parameters clients and tools commonly ask for. */
  private static Map<String, String> settings(RespNode node) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bind", node.self.host());
    settings.put("port", Integer.toString(node.self.respPort()));
    settings.put("databases", "1");
    settings.put("maxclients", Integer.toString(node.cluster.tunables().maxClients()));
    settings.put("maxmemory", Long.toString(node.cluster.tunables().memory().maxBytes()));
    settings.put("maxmemory-policy", node.cluster.tunables().memory().policy().configName());
    settings.put("maxmemory-samples", Integer.toString(MemoryLimit.SAMPLES));
    settings.put("timeout", "0");
    settings.put("proto-max-bulk-len", Long.toString(node.cluster.tunables().maxRequestBytes()));
    // Every write is in a majority's fsync'd Raft log before it is acknowledged.
    settings.put("appendonly", "yes");
    settings.put("appendfsync", "always");
    settings.put("save", "");
    settings.put("cluster-enabled", "no");
    return settings;
  }

  /** ROLE: the leader answers as a master, the others as replicas of it. */
  private static Reply role(Call c) {
    RaftStatus status = c.node.status().orElseThrow(() -> new RespException("ERR the node is shutting down"));
    long offset = status.progress().appliedIndex();
    if (status.role() == Role.ROLE_LEADER) {
      List<Reply> replicas = c.node.members().stream()
          .filter(n -> !n.id().equals(c.node.self.id()))
          .map(n -> Reply.array(List.of(Reply.bulk(n.host()), Reply.bulk(Integer.toString(n.respPort())),
              Reply.bulk(Long.toString(offset)))))
          .toList();
      return Reply.array(List.of(Reply.bulk("master"), Reply.integer(offset), Reply.array(replicas)));
    }
    NodeConfig leader = c.node.leader().orElse(null);
    return Reply.array(List.of(Reply.bulk("slave"),
        Reply.bulk(leader == null ? "?" : leader.host()), Reply.integer(leader == null ? 0 : leader.respPort()),
        Reply.bulk(leader == null ? "connect" : "connected"), Reply.integer(offset)));
  }

  private static void requireWords(Call c, int words) {
    if (c.size() != words) {
      throw new RespException("ERR wrong number of arguments for '" + c.name() + "|" + c.text(1).toLowerCase(Locale.ROOT)
          + "' command");
    }
  }

  static RespException unknownSubcommand(Call c) {
    return new RespException("ERR unknown subcommand '" + c.text(1) + "'. Try " + c.name().toUpperCase(Locale.ROOT)
        + " HELP.");
  }
}
