package io.raftcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RaftcacheCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = RaftcacheCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void unknownOption_exitsTwoAndNamesIt() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--bogus")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("Unknown option: '--bogus'");
  }

  @Test
  void twoConditions_exitTwo() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--nx", "--xx")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void badDuration_exitsTwoAndSaysWhy() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--ttl", "soon")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void msetWithoutItsLastValue_exitsTwo() {
    assertThat(run("--endpoints", "127.0.0.1:1", "mset", "a", "1", "b")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("'b' has no value");
  }

  @Test
  void unreachableCluster_exitsTwoWithAMessage() {
    assertThat(run("--endpoints", "127.0.0.1:1", "--timeout", "300ms", "get", "k")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).startsWith("raftcache: ").contains("no leader reachable");
  }

  @Test
  void collectionCommands_badArguments_exitTwoAndSayWhy() {
    assertThat(run("--endpoints", "127.0.0.1:1", "zadd", "board", "ten", "alice")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "zrange", "board", "0", "-1", "--limit", "0", "5"))
        .isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "hset", "session:1", "user", "alice", "role")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "zadd", "board", "1", "a", "--nx", "--gt")).isEqualTo(RaftcacheCli.ERROR);

    assertThat(err.toString())
        .contains("score: 'ten' is not a score")
        .contains("--limit pages a score range")
        .contains("'role' has no partner")
        .contains("GT and LT cannot be combined with NX");
  }

  @Test
  void scores_printAsRedisDoes() {
    assertThat(Scores.format(10.0)).isEqualTo("10");
    assertThat(Scores.format(1.5)).isEqualTo("1.5");
    assertThat(Scores.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(Scores.parse("+inf", "score")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void durations_readRedisStyleAndWithUnits() {
    DurationParser parser = new DurationParser();
    assertThat(parser.convert("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(parser.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(parser.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(parser.convert("1d")).isEqualTo(Duration.ofDays(1));
  }
}
