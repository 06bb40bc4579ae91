package io.raftcache.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/** The command list of {@code raftcache --help}, by topic as in Redis's documentation. */
final class CommandGroups implements IHelpSectionRenderer {
  static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("Strings", List.of("set", "get", "mget", "mset", "incr", "incrby", "decrby"));
    GROUPS.put("Keys", List.of("del", "exists", "type", "ttl", "expire", "persist", "scan"));
    GROUPS.put("Hashes", List.of("hset", "hget", "hmget", "hgetall", "hdel", "hexists", "hlen", "hincrby"));
    GROUPS.put("Sets", List.of("sadd", "srem", "sismember", "smembers", "scard", "sinter", "sunion"));
    GROUPS.put("Sorted sets", List.of("zadd", "zincrby", "zrange", "zscore", "zrank", "zrevrank", "zrem", "zcard", "zcount"));
    GROUPS.put("Cluster", List.of("status", "stats", "health", "leader", "wait-healthy", "transfer-leader", "add-node", "remove-node",
        "replace-node", "backup", "export", "bench", "populate", "help"));
  }

  @Override
  public String render(Help help) {
    Map<String, Help> commands = help.subcommands();
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    StringBuilder text = new StringBuilder();
    GROUPS.forEach((group, names) -> {
      text.append(group).append(":\n");
      for (String name : names) {
        String[] description = commands.get(name).commandSpec().usageMessage().description();
        text.append(String.format("  %-" + width + "s%s%n", name, description.length == 0 ? "" : description[0]));
      }
    });
    return text.toString();
  }

  /** Commands a group misses or names twice (a test keeps this empty). */
  static List<String> ungrouped(CommandLine cli) {
    List<String> grouped = GROUPS.values().stream().flatMap(List::stream).toList();
    return cli.getSubcommands().keySet().stream()
        .filter(name -> grouped.stream().filter(name::equals).count() != 1)
        .collect(Collectors.toList());
  }
}
