package io.raftcache.node.resp;

import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.v1.Role;
import java.util.LinkedHashMap;
import java.util.List;
import io.raftcache.node.config.MemoryLimit;
import java.util.Locale;
import java.util.Map;

/** INFO: the sections and fields monitoring tools read, from this node. */
final class ServerInfo {
  private static final List<String> DEFAULT_SECTIONS =
      List.of("server", "clients", "memory", "persistence", "stats", "replication", "keyspace");

  private ServerInfo() {}

  static Reply info(Call c) {
    List<String> asked = c.size() == 1 ? DEFAULT_SECTIONS
        : c.args.subList(1, c.size()).stream().map(a -> new String(a).toLowerCase(Locale.ROOT)).toList();
    boolean all = asked.contains("all") || asked.contains("everything") || asked.contains("default");
    StringBuilder out = new StringBuilder();
    Map<String, Map<String, Object>> sections = sections(c.node);
    for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
      if (!all && !asked.contains(section.getKey())) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\r\n");
      }
      out.append("# ").append(Character.toUpperCase(section.getKey().charAt(0)))
          .append(section.getKey().substring(1)).append("\r\n");
      section.getValue().forEach((field, value) -> out.append(field).append(':').append(value).append("\r\n"));
    }
    return Reply.bulk(out.toString());
  }

  private static Map<String, Map<String, Object>> sections(RespNode node) {
    RaftStatus status = node.status().orElse(null);
    Runtime runtime = Runtime.getRuntime();
    long uptimeSeconds = (System.currentTimeMillis() - node.startedMillis) / 1000;
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();

    Map<String, Object> server = new LinkedHashMap<>();
    server.put("redis_version", ServerCommands.REDIS_VERSION);
    server.put("redis_mode", "standalone");
    server.put("raftcache_version", version());
    server.put("raftcache_node_id", node.self.id());
    server.put("raftcache_zone", node.self.zone());
    server.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    server.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
    server.put("process_id", ProcessHandle.current().pid());
    server.put("run_id", node.runId);
    server.put("tcp_port", node.self.respPort());
    server.put("uptime_in_seconds", uptimeSeconds);
    server.put("uptime_in_days", uptimeSeconds / 86_400);
    sections.put("server", server);

    Map<String, Object> clients = new LinkedHashMap<>();
    clients.put("connected_clients", node.sessions.size());
    clients.put("maxclients", node.cluster.tunables().maxClients());
    clients.put("blocked_clients", 0);
    sections.put("clients", clients);

    Map<String, Object> memory = new LinkedHashMap<>();
    // The keys by the memory model (the number max_memory_bytes limits, the same on every replica).
    long used = status == null ? 0 : status.progress().usedMemory();
    MemoryLimit limit = node.cluster.tunables().memory();
    memory.put("used_memory", used);
    memory.put("used_memory_human", String.format(Locale.ROOT, "%.2fM", used / 1048576.0));
    memory.put("maxmemory", limit.maxBytes());
    memory.put("maxmemory_human", String.format(Locale.ROOT, "%.2fM", limit.maxBytes() / 1048576.0));
    memory.put("maxmemory_policy", limit.policy().configName());
    memory.put("raftcache_jvm_heap_used", runtime.totalMemory() - runtime.freeMemory());
    memory.put("raftcache_jvm_heap_max", runtime.maxMemory());
    sections.put("memory", memory);

    Map<String, Object> persistence = new LinkedHashMap<>();
    persistence.put("loading", 0);
    persistence.put("aof_enabled", 1);
    persistence.put("raftcache_snapshot_index", status == null ? 0 : status.snapshotIndex());
    sections.put("persistence", persistence);

    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("total_connections_received", node.connectionsReceived.get());
    stats.put("total_commands_processed", node.commandsProcessed.get());
    stats.put("rejected_connections", node.connectionsRejected.get());
    stats.put("expired_keys", status == null ? 0 : status.keys().expired());
    stats.put("evicted_keys", status == null ? 0 : status.keys().evicted());
    stats.put("keyspace_hits", status == null ? 0 : status.keys().hits());
    stats.put("keyspace_misses", status == null ? 0 : status.keys().misses());
    sections.put("stats", stats);

    Map<String, Object> replication = new LinkedHashMap<>();
    boolean leads = status != null && status.role() == Role.ROLE_LEADER;
    replication.put("role", leads ? "master" : "slave");
    if (leads) {
      replication.put("connected_slaves", node.members().size() - 1);
    } else {
      node.leader().ifPresent(leader -> {
        replication.put("master_host", leader.host());
        replication.put("master_port", leader.respPort());
      });
      replication.put("master_link_status", node.leader().isPresent() ? "up" : "down");
    }
    replication.put("raftcache_term", status == null ? 0 : status.term());
    replication.put("raftcache_commit_index", status == null ? 0 : status.commitIndex());
    replication.put("raftcache_applied_index", status == null ? 0 : status.progress().appliedIndex());
    sections.put("replication", replication);

    Map<String, Object> keyspace = new LinkedHashMap<>();
    int keys = status == null ? 0 : status.progress().keyCount();
    if (keys > 0) {
      keyspace.put("db0", "keys=" + keys + ",expires=0,avg_ttl=0");
    }
    sections.put("keyspace", keyspace);
    return sections;
  }

  private static String version() {
    String version = ServerInfo.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

}
