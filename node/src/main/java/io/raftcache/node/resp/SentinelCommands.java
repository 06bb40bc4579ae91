package io.raftcache.node.resp;

import io.raftcache.node.config.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SENTINEL commands that Redis HA clients (Jedis's JedisSentinelPool, Lettuce, redis-py's
 * Sentinel) use to find the master: every node answers them for the cluster, named as in the
 * cluster file, with the Raft leader as the master, the other nodes as its replicas, and the other
 * nodes as fellow sentinels. Leader changes are announced on {@code +switch-master}.
 */
final class SentinelCommands {
  private SentinelCommands() {}

  static RespCommand row() {
    return new RespCommand("sentinel", -2, List.of("admin", "loading", "stale"), 0, 0, 0,
        c -> CompletableFuture.completedFuture(sentinel(c)));
  }

  private static Reply sentinel(Call c) {
    String sub = c.text(1).toLowerCase(Locale.ROOT);
    switch (sub) {
      case "myid" -> {
        return Reply.bulk(c.node.runId);
      }
      case "masters" -> {
        return Reply.array(List.of(master(c)));
      }
      case "get-master-addr-by-name" -> {
        requireCluster(c);
        Optional<NodeConfig> leader = c.node.leader();
        return leader.isEmpty() ? Reply.NULL_ARRAY
            : Reply.array(List.of(Reply.bulk(leader.get().host()), Reply.bulk(Integer.toString(leader.get().respPort()))));
      }
      case "master" -> {
        requireCluster(c);
        return master(c);
      }
      case "replicas", "slaves" -> {
        requireCluster(c);
        NodeConfig leader = c.node.leader().orElse(null);
        return Reply.array(c.node.members().stream()
            .filter(n -> !n.equals(leader))
            .map(n -> replica(n, leader))
            .toList());
      }
      case "sentinels" -> {
        requireCluster(c);
        return Reply.array(c.node.voters().stream()
            .filter(n -> !n.equals(c.node.self))
            .map(n -> fields("name", n.id(), "ip", n.host(), "port", Integer.toString(n.respPort()),
                "runid", n.id(), "flags", "sentinel"))
            .toList());
      }
      default -> throw ServerCommands.unknownSubcommand(c);
    }
  }

  private static void requireCluster(Call c) {
    if (c.size() != 3) {
      throw new RespException("ERR wrong number of arguments for 'sentinel|" + c.text(1).toLowerCase(Locale.ROOT)
          + "' command");
    }
    if (!c.text(2).equals(c.node.cluster.cluster())) {
      throw new RespException("ERR No such master with that name");
    }
  }

  private static Reply master(Call c) {
    Optional<NodeConfig> leader = c.node.leader();
    NodeConfig shown = leader.orElse(c.node.self);
    return fields("name", c.node.cluster.cluster(),
        "ip", shown.host(),
        "port", Integer.toString(shown.respPort()),
        "runid", shown.id(),
        // With no leader, the master is reported down, as Sentinel reports an unreachable one.
        "flags", leader.isPresent() ? "master" : "master,s_down,o_down",
        "num-slaves", Integer.toString(c.node.members().size() - 1),
        "num-other-sentinels", Integer.toString(c.node.voters().size() - 1),
        "quorum", Integer.toString(c.node.voters().size() / 2 + 1),
        "down-after-milliseconds", Long.toString(c.node.cluster.tunables().electionTimeoutMax().toMillis()),
        "config-epoch", Long.toString(c.node.status().map(s -> s.term()).orElse(0L)));
  }

  private static Reply replica(NodeConfig node, NodeConfig leader) {
    return fields("name", node.respEndpoint(),
        "ip", node.host(),
        "port", Integer.toString(node.respPort()),
        "runid", node.id(),
        "flags", "slave",
        "master-link-status", leader == null ? "err" : "ok",
        "master-host", leader == null ? "?" : leader.host(),
        "master-port", leader == null ? "0" : Integer.toString(leader.respPort()));
  }

  private static Reply fields(String... namesAndValues) {
    List<Reply> items = new ArrayList<>();
    for (String item : namesAndValues) {
      items.add(Reply.bulk(item));
    }
    return new Reply.MapReply(items);
  }
}
