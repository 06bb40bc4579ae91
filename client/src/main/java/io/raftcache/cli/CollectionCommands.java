package io.raftcache.cli;

import io.raftcache.client.CacheClient;
import io.raftcache.client.ScoreRange;
import io.raftcache.client.ScoredMember;
import io.raftcache.client.ZAddOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The CLI's hash, set and sorted set commands, named as in Redis. {@link RaftcacheCli} extends
 * this class: picocli runs a command method on the top command's own instance, so the commands are
 * inherited rather than delegated to, and the subclass supplies the connection and the output.
 */
abstract class CollectionCommands {
  abstract CacheClient client() throws IOException;

  abstract PrintWriter out();

  /** A usage error (exit status 2) with {@code message}. */
  abstract ParameterException badArgument(String message);

  abstract Duration checkedTtl(Duration ttl);

  /** Prints the value, or nothing with exit status 1 if absent. */
  private int print(Optional<String> value) {
    value.ifPresent(out()::println);
    return value.isPresent() ? 0 : RaftcacheCli.MISS;
  }

  /** Prints 1 or 0; exit status 1 for 0. */
  private int print(boolean yes) {
    out().println(yes ? 1 : 0);
    return yes ? 0 : RaftcacheCli.MISS;
  }

  private int print(long n) {
    out().println(n);
    return 0;
  }

  private int print(List<String> lines) {
    lines.forEach(out()::println);
    return 0;
  }

  /**
   * Fails if more than one of {@code flags} (option name to whether it was given) is set. Plain
   * options and this check, not picocli's exclusive groups: picocli keeps a group's value from one
   * run of a command line to the next, and the interactive mode reuses one.
   */
  void atMostOne(Map<String, Boolean> flags) {
    List<String> given = flags.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
    if (given.size() > 1) {
      throw badArgument(String.join(" and ", given) + " are mutually exclusive: give at most one");
    }
  }

  private Map<String, String> pairs(String[] args, String what) {
    if (args.length % 2 != 0) {
      throw badArgument(what + " come in pairs; '" + args[args.length - 1] + "' has no partner");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      map.put(args[i], args[i + 1]);
    }
    return map;
  }

  // ---- hashes

  @Command(name = "hset", description = "Set hash fields: KEY FIELD VALUE [FIELD VALUE ...]; prints how many were new.")
  int hset(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "FIELD VALUE", arity = "2..*") String[] fieldsAndValues,
      @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationParser.class,
          description = "also give the key this TTL, in the same step") Duration ttl) throws IOException {
    Map<String, String> fields = pairs(fieldsAndValues, "fields and values");
    return print(client().hashes().hset(key, fields, ttl == null ? Duration.ZERO : checkedTtl(ttl)));
  }

  @Command(name = "hget", description = "Print a field's value; exit 1 (printing nothing) if it does not exist.")
  int hget(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "FIELD") String field) throws IOException {
    return print(client().hashes().hget(key, field));
  }

  @Command(name = "hmget", description = "Print the values of fields, one per line, (nil) for a missing one.")
  int hmget(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "FIELD", arity = "1..*") String[] fields) throws IOException {
    return print(client().hashes().hmget(key, fields).stream().map(v -> v.orElse("(nil)")).toList());
  }

  @Command(name = "hgetall", description = "Print every field and its value, on alternate lines, ordered by field.")
  int hgetall(@Parameters(paramLabel = "KEY") String key) throws IOException {
    client().hashes().hgetall(key).forEach((f, v) -> {
      out().println(f);
      out().println(v);
    });
    return 0;
  }

  @Command(name = "hdel", description = "Delete hash fields; prints how many existed.")
  int hdel(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "FIELD", arity = "1..*") String[] fields) throws IOException {
    return print(client().hashes().hdel(key, fields));
  }

  @Command(name = "hexists", description = "Print 1 if the field exists, else 0 (exit 1).")
  int hexists(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "FIELD") String field) throws IOException {
    return print(client().hashes().hexists(key, field));
  }

  @Command(name = "hlen", description = "Print the number of fields.")
  int hlen(@Parameters(paramLabel = "KEY") String key) throws IOException {
    return print(client().hashes().hlen(key));
  }

  @Command(name = "hincrby", description = "Add N to a field's integer value; prints the result.")
  int hincrby(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "FIELD") String field,
      @Parameters(paramLabel = "N") long delta) throws IOException {
    return print(client().hashes().hincrBy(key, field, delta));
  }

  // ---- sets

  @Command(name = "sadd", description = "Add set members; prints how many were new.")
  int sadd(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "MEMBER", arity = "1..*") String[] members) throws IOException {
    return print(client().sets().sadd(key, members));
  }

  @Command(name = "srem", description = "Remove set members; prints how many were there.")
  int srem(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "MEMBER", arity = "1..*") String[] members) throws IOException {
    return print(client().sets().srem(key, members));
  }

  @Command(name = "sismember", description = "Print 1 if MEMBER is in the set, else 0 (exit 1).")
  int sismember(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "MEMBER") String member)
      throws IOException {
    return print(client().sets().sismember(key, member));
  }

  @Command(name = "smembers", description = "Print the set's members, one per line.")
  int smembers(@Parameters(paramLabel = "KEY") String key) throws IOException {
    return print(client().sets().smembers(key));
  }

  @Command(name = "scard", description = "Print the number of members.")
  int scard(@Parameters(paramLabel = "KEY") String key) throws IOException {
    return print(client().sets().scard(key));
  }

  @Command(name = "sinter", description = "Print the members every one of the sets has.")
  int sinter(@Parameters(paramLabel = "KEY", arity = "1..*") String[] keys) throws IOException {
    return print(client().sets().sinter(keys));
  }

  @Command(name = "sunion", description = "Print the members any of the sets has.")
  int sunion(@Parameters(paramLabel = "KEY", arity = "1..*") String[] keys) throws IOException {
    return print(client().sets().sunion(keys));
  }

  // ---- sorted sets

  @Command(name = "zadd", description = "Add members or update scores: KEY SCORE MEMBER [SCORE MEMBER ...]; "
      + "prints how many were added (or the new score with --incr).")
  int zadd(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "SCORE MEMBER", arity = "2..*") String[] scoresAndMembers,
      @Option(names = "--nx", description = "only add new members") boolean nx,
      @Option(names = "--xx", description = "only update existing members") boolean xx,
      @Option(names = "--gt", description = "only move a score up") boolean gt,
      @Option(names = "--lt", description = "only move a score down") boolean lt,
      @Option(names = "--ch", description = "count changed scores too") boolean countChanged,
      @Option(names = "--incr", description = "add SCORE to the member's score (one pair only)") boolean incr)
      throws IOException {
    Map<String, Double> scores = new LinkedHashMap<>();
    pairs(scoresAndMembers, "scores and members").forEach((score, member) -> scores.put(member, score(score)));
    atMostOne(Map.of("--nx", nx, "--xx", xx));
    atMostOne(Map.of("--gt", gt, "--lt", lt));
    ZAddOptions options = zaddOptions(nx, xx, gt, lt, countChanged);
    CacheClient client = client();
    if (!incr) {
      return print(client.sortedSets().zadd(key, scores, options));
    }
    if (scores.size() != 1) {
      throw badArgument("--incr takes exactly one SCORE MEMBER pair");
    }
    Map.Entry<String, Double> only = scores.entrySet().iterator().next();
    OptionalDouble score = client.sortedSets().zaddIncr(key, only.getValue(), only.getKey(), options);
    out().println(score.isPresent() ? Scores.format(score.getAsDouble()) : "(nil)");
    return score.isPresent() ? 0 : RaftcacheCli.MISS;
  }

  private ZAddOptions zaddOptions(boolean nx, boolean xx, boolean gt, boolean lt, boolean countChanged) {
    try {
      ZAddOptions options = ZAddOptions.none();
      if (nx || xx) {
        options = nx ? options.onlyIfAbsent() : options.onlyIfPresent();
      }
      if (gt || lt) {
        options = gt ? options.onlyIfGreater() : options.onlyIfLess();
      }
      return countChanged ? options.countChanged() : options;
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage());
    }
  }

  @Command(name = "zincrby", description = "Add DELTA to a member's score; prints the new score.")
  int zincrby(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "DELTA") String delta,
      @Parameters(paramLabel = "MEMBER") String member) throws IOException {
    double by = score(delta);
    out().println(Scores.format(client().sortedSets().zincrBy(key, by, member)));
    return 0;
  }

  @Command(name = "zscore", description = "Print a member's score; exit 1 (printing nothing) if it is not a member.")
  int zscore(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "MEMBER") String member)
      throws IOException {
    OptionalDouble score = client().sortedSets().zscore(key, member);
    score.ifPresent(s -> out().println(Scores.format(s)));
    return score.isPresent() ? 0 : RaftcacheCli.MISS;
  }

  @Command(name = "zrank", description = "Print a member's rank from the lowest score (0 first); exit 1 if absent.")
  int zrank(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "MEMBER") String member)
      throws IOException {
    return print(client().sortedSets().zrank(key, member));
  }

  @Command(name = "zrevrank", description = "Print a member's rank from the highest score (0 first); exit 1 if absent.")
  int zrevrank(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "MEMBER") String member)
      throws IOException {
    return print(client().sortedSets().zrevrank(key, member));
  }

  private int print(OptionalLong rank) {
    rank.ifPresent(out()::println);
    return rank.isPresent() ? 0 : RaftcacheCli.MISS;
  }

  /** ZRANGE's LIMIT: two numbers. */
  static final class Limit {
    @Parameters(index = "0", paramLabel = "OFFSET") long offset;
    @Parameters(index = "1", paramLabel = "COUNT") long count;
  }

  @Command(name = "zrange", description = "Print members by rank START STOP (negative counts from the end), or by "
      + "score MIN MAX with --byscore (MAX MIN with --rev, as in Redis; (5 excludes 5; -inf, +inf).")
  int zrange(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "START") String start,
      @Parameters(paramLabel = "STOP") String stop,
      @Option(names = "--byscore", description = "START and STOP are scores") boolean byScore,
      @Option(names = "--rev", description = "highest score first") boolean reverse,
      @Option(names = "--withscores", description = "print each score after its member") boolean withScores,
      @Option(names = "--limit", arity = "2", paramLabel = "OFFSET COUNT", description = "with --byscore: skip, then take")
      long[] limit) throws IOException {
    if (limit != null && !byScore) {
      throw badArgument("--limit pages a score range: add --byscore");
    }
    CacheClient client = client();
    List<ScoredMember> members;
    if (byScore) {
      ScoreRange range = scoreRange(reverse ? stop : start, reverse ? start : stop);
      long offset = limit == null ? 0 : limit[0];
      long count = limit == null ? -1 : limit[1]; // negative: all, as in Redis
      if (offset < 0) {
        throw badArgument("--limit: the offset must not be negative, not " + offset);
      }
      members = reverse
          ? client.sortedSets().zrevrangeByScore(key, range, offset, count)
          : client.sortedSets().zrangeByScore(key, range, offset, count);
    } else {
      long from = rank(start, "START");
      long to = rank(stop, "STOP");
      members = reverse ? client.sortedSets().zrevrange(key, from, to) : client.sortedSets().zrange(key, from, to);
    }
    for (ScoredMember m : members) {
      out().println(m.member());
      if (withScores) {
        out().println(Scores.format(m.score()));
      }
    }
    return 0;
  }

  @Command(name = "zrem", description = "Remove members; prints how many were there.")
  int zrem(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "MEMBER", arity = "1..*") String[] members) throws IOException {
    return print(client().sortedSets().zrem(key, members));
  }

  @Command(name = "zcard", description = "Print the number of members.")
  int zcard(@Parameters(paramLabel = "KEY") String key) throws IOException {
    return print(client().sortedSets().zcard(key));
  }

  @Command(name = "zcount", description = "Print how many members have a score from MIN to MAX ((5 excludes 5; -inf, +inf).")
  int zcount(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "MIN") String min,
      @Parameters(paramLabel = "MAX") String max) throws IOException {
    ScoreRange range = scoreRange(min, max);
    return print(client().sortedSets().zcount(key, range));
  }

  private double score(String text) {
    try {
      return Scores.parse(text, "score");
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage());
    }
  }

  private ScoreRange scoreRange(String min, String max) {
    try {
      return ScoreRange.parse(min, max);
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage());
    }
  }

  private long rank(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw badArgument(what + ": '" + text + "' is not a rank (an integer; -1 is the last)");
    }
  }
}
