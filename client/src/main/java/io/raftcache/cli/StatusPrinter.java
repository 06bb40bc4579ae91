package io.raftcache.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftcache.client.KeyspaceStats;
import io.raftcache.client.MemberStatus;
import java.io.PrintWriter;

/** Prints cluster status as a table for people or as JSON for scripts. */
final class StatusPrinter {
  private static final String ROW = "%-10s %-8s %-10s %-10s %6s %10s %10s %8s  %-16s  %s%n";

  private StatusPrinter() {}

  static void table(ClusterHealth health, Iterable<MemberStatus> members, PrintWriter out) {
    out.printf(ROW, "ID", "ZONE", "ROLE", "LEADER", "TERM", "COMMIT", "APPLIED", "BEHIND", "DIGEST", "ENDPOINT");
    for (MemberStatus m : members) {
      if (m.reachable()) {
        String behind = health.behind(m).isPresent() ? Long.toString(health.behind(m).getAsLong()) : "-";
        out.printf(ROW, m.nodeId(), m.zone(), m.inGroup() ? m.role() : "OUTSIDE", m.leaderId().isEmpty() ? "-" : m.leaderId(), m.term(),
            m.commitIndex(), m.appliedIndex(), behind, String.format("%016x", m.digest()), m.endpoint());
      } else {
        out.printf(ROW, m.nodeId(), m.zone(), "DOWN", "-", "-", "-", "-", "-", "-",
            m.endpoint() + "  (" + m.error().orElse("") + ")");
      }
    }
    out.printf("leader: %s%n", leader(health));
  }

  private static final String STATS_ROW = "%-10s %-8s %10s %12s %12s %-16s %9s %10s %10s%n";

  static void stats(Iterable<MemberStatus> members, PrintWriter out) {
    out.printf(STATS_ROW, "ID", "ROLE", "KEYS", "USED_MEMORY", "MAX_MEMORY", "POLICY", "HIT_RATIO", "EXPIRED", "EVICTED");
    for (MemberStatus m : members) {
      KeyspaceStats k = m.keys();
      if (!m.reachable()) {
        out.printf(STATS_ROW, m.nodeId(), "DOWN", "-", "-", "-", "-", "-", "-", "-");
        continue;
      }
      out.printf(STATS_ROW, m.nodeId(), m.role(), m.keyCount(), k.usedMemory(),
          k.maxMemoryBytes() == 0 ? "none" : Long.toString(k.maxMemoryBytes()), k.evictionPolicy(),
          Double.isNaN(k.hitRatio()) ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * k.hitRatio()),
          k.expiredKeys(), k.evictedKeys());
    }
  }

  static void json(ClusterHealth health, Iterable<MemberStatus> members, PrintWriter out) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("leader", leader(health));
    health.problems().forEach(root.putArray("problems")::add);
    ArrayNode list = root.putArray("members");
    for (MemberStatus m : members) {
      ObjectNode n = list.addObject();
      n.put("id", m.nodeId());
      n.put("zone", m.zone());
      n.put("endpoint", m.endpoint());
      n.put("reachable", m.reachable());
      n.put("role", m.role());
      n.put("in_group", m.inGroup());
      m.error().ifPresent(e -> n.put("error", e));
      if (m.reachable()) {
        n.put("leader", m.leaderId());
        n.put("leader_ready", m.leaderReady());
        n.put("term", m.term());
        n.put("commit_index", m.commitIndex());
        n.put("applied_index", m.appliedIndex());
        health.behind(m).ifPresent(b -> n.put("behind", b));
        n.put("digest", String.format("%016x", m.digest()));
        n.put("key_count", m.keyCount());
        n.put("snapshot_index", m.snapshotIndex());
        n.put("log_start_index", m.logStartIndex());
        n.put("used_memory", m.keys().usedMemory());
        n.put("max_memory_bytes", m.keys().maxMemoryBytes());
        n.put("evicted_keys", m.keys().evictedKeys());
        n.put("expired_keys", m.keys().expiredKeys());
      }
    }
    out.println(json.writeValueAsString(root));
  }

  /** The member that says it leads, or "" if none does. */
  private static String leader(ClusterHealth health) {
    return health.leader().map(MemberStatus::nodeId).orElse("");
  }
}
