package io.raftcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.SetCondition;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.SetResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

class RaftcacheCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Closed after each test, as RaftcacheCli.run closes its session, so no connection outlives it. */
  private final List<CliSession> sessions = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeSessions() {
    sessions.forEach(CliSession::close);
  }

  private CommandLine cli(Map<String, String> environment, InputStream stdin) {
    CliSession session = new CliSession(environment);
    sessions.add(session);
    CommandLine cli = RaftcacheCli.commandLine(session, stdin);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli;
  }

  private int run(String... args) {
    return cli(Map.of(), InputStream.nullInputStream()).execute(args);
  }

  private List<String> positionals(String... args) {
    ParseResult parsed = cli(Map.of(), InputStream.nullInputStream()).parseArgs(args);
    return parsed.subcommand().matchedPositionals().stream()
        .map(p -> p.getValue() instanceof String[] many ? Arrays.toString(many) : p.getValue().toString()).toList();
  }

  @Test
  void unknownOption_exitsTwoAndNamesIt() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--bogus")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("raftcache: set: unexpected argument '--bogus'").contains("usage: raftcache set");
  }

  @Test
  void argumentsStartingWithADash_areValues_asInRedisCli() {
    assertThat(positionals("zadd", "zb", "-inf", "b")).containsExactly("zb", "[-inf, b]");
    assertThat(positionals("zrange", "board", "-inf", "+inf", "--byscore")).containsExactly("board", "-inf", "+inf");
    assertThat(positionals("zcount", "board", "-inf", "+inf")).containsExactly("board", "-inf", "+inf");
    assertThat(positionals("set", "k", "-x")).containsExactly("k", "-x");
    assertThat(positionals("incrby", "n", "-5")).containsExactly("n", "-5");
    assertThat(positionals("set", "k", "--", "--nx")).containsExactly("k", "--nx");
  }

  @Test
  void version_namesTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("raftcache ");
  }

  @Test
  void helpOfACommand_bothWays_describesIt() {
    assertThat(run("set", "--help")).isZero();
    assertThat(run("help", "set")).isZero();
    assertThat(out.toString()).contains("Usage: raftcache set").contains("--ttl=DURATION");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void topLevelHelp_listsEveryCommandOnceByTopic() {
    assertThat(CommandGroups.ungrouped(cli(Map.of(), InputStream.nullInputStream()))).isEmpty();
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Strings:", "Hashes:", "Sorted sets:", "Cluster:");
    assertThat(out.toString().indexOf("  set ")).isLessThan(out.toString().indexOf("  hset "));
  }

  @Test
  void unknownCommand_saysSoAndSuggests() {
    assertThat(run("sett", "k", "v")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).startsWith("raftcache: unknown command 'sett'; did you mean set, ");
  }

  @Test
  void missingParameter_namesItAndShowsTheUsage() {
    assertThat(run("set", "k")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("raftcache: set: Missing required parameter: 'VALUE'").contains("usage: raftcache set");
  }

  @Test
  void twoConditions_exitTwo() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--nx", "--xx")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void badDuration_exitsTwoAndSaysWhy() {
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--ttl", "soon")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "set", "k", "v", "--ttl", "-5s")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("'soon' is not a duration").contains("'-5s' is negative: a duration must be positive");
  }

  @Test
  void collectionCommands_badArguments_exitTwoAndSayWhy() {
    assertThat(run("--endpoints", "127.0.0.1:1", "zadd", "board", "ten", "alice")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "zrange", "board", "0", "-1", "--limit", "0", "5"))
        .isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "hset", "session:1", "user", "alice", "role")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "zadd", "board", "1", "a", "--nx", "--gt")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(run("--endpoints", "127.0.0.1:1", "zadd", "board", "1", "a", "--gt", "--lt")).isEqualTo(RaftcacheCli.ERROR);

    assertThat(err.toString())
        .contains("score: 'ten' is not a score")
        .contains("--limit pages a score range")
        .contains("'role' has no partner")
        .contains("GT and LT cannot be combined with NX")
        .contains("--gt and --lt are mutually exclusive");
  }

  @Test
  void interactive_optionsOfOneLine_doNotCarryOverToTheNext() throws Exception {
    List<SetRequest> received = new CopyOnWriteArrayList<>();
    Server node = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new CacheGrpc.CacheImplBase() {
          @Override
          public void set(SetRequest request, StreamObserver<SetResponse> reply) {
            received.add(request);
            reply.onNext(SetResponse.newBuilder().setApplied(true).setVersion(received.size()).build());
            reply.onCompleted();
          }
        })
        .build().start();
    try {
      InputStream lines = new ByteArrayInputStream("set c 2 --nx --ttl 5s\nset c 3\n".getBytes(StandardCharsets.UTF_8));

      cli(Map.of(), lines).execute("--endpoints", "127.0.0.1:" + node.getPort());

      assertThat(received).extracting(SetRequest::getCondition, SetRequest::getTtlMs).containsExactly(
          tuple(SetCondition.SET_CONDITION_IF_ABSENT, 5_000L), tuple(SetCondition.SET_CONDITION_ALWAYS, 0L));
    } finally {
      node.shutdownNow();
    }
  }

  @Test
  void msetWithoutItsLastValue_exitsTwo() {
    assertThat(run("--endpoints", "127.0.0.1:1", "mset", "a", "1", "b")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("'b' has no value");
  }

  @Test
  void unreachableCluster_exitsTwoWithAMessage() {
    assertThat(run("--endpoints", "127.0.0.1:1", "--timeout", "300ms", "get", "k")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).startsWith("raftcache: ").contains("no leader reachable").doesNotContain("may have been applied");
  }

  @Test
  void sdkArgumentError_isOneLineWithoutAClassName() {
    assertThat(run("--endpoints", "127.0.0.1:1", "decrby", "n", "-9223372036854775808")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).isEqualTo("raftcache: decrBy cannot subtract -9223372036854775808; use incrBy" + System.lineSeparator());
  }

  @Test
  void clusterFileWithAYamlError_isOneLineNamingTheLine() throws Exception {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, "cluster: x\nnodes:\n  - id: a\n    zone: [b\n    host: c\n");

    assertThat(run("--config", file.toString(), "get", "k")).isEqualTo(RaftcacheCli.ERROR);

    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("raftcache: " + file + ": line 5, column 9: not valid YAML: expected ',' or ']'")
        .contains("flow sequence that starts on line 4");
  }

  @Test
  void environment_namesTheCluster_optionsWin() {
    Map<String, String> env = Map.of(CliSession.CONFIG_VARIABLE, dir.resolve("missing.yaml").toString());
    assertThat(cli(env, InputStream.nullInputStream()).execute("get", "k")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("missing.yaml: no such file");

    Map<String, String> both = Map.of(CliSession.ENDPOINTS_VARIABLE, "127.0.0.1:1",
        CliSession.CONFIG_VARIABLE, dir.resolve("missing.yaml").toString());
    assertThat(cli(both, InputStream.nullInputStream()).execute("--timeout", "300ms", "get", "k")).isEqualTo(RaftcacheCli.ERROR);
    assertThat(err.toString()).contains("no leader reachable");
  }

  @Test
  void stdinOption_appendsTheLastArgument_onlyBeforeTheCommand() throws Exception {
    String big = "v".repeat(300_000);
    InputStream stdin = new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8));

    assertThat(RaftcacheCli.withStandardInput(new String[] {"--timeout", "2s", "-x", "set", "k"}, stdin))
        .containsExactly("--timeout", "2s", "set", "k", big);
    assertThat(RaftcacheCli.withStandardInput(new String[] {"set", "k", "-x"}, InputStream.nullInputStream()))
        .containsExactly("set", "k", "-x");
    assertThatThrownBy(() -> RaftcacheCli.withStandardInput(new String[] {"-x", "set", "k"},
        new ByteArrayInputStream(new byte[] {(byte) 0xff, 0})))
        .hasMessageContaining("not UTF-8 text");
    assertThatThrownBy(() -> RaftcacheCli.withStandardInput(new String[] {"--stale", "-x"}, stdin))
        .hasMessageContaining("it goes before a command");
  }

  @Test
  void interactive_runsEachLine_reportsErrors_andStopsAtQuit() {
    InputStream lines = new ByteArrayInputStream("help get\nsett\n\n\"unbalanced\n--stale get k\nquit\nhelp set\n"
        .getBytes(StandardCharsets.UTF_8));

    int status = cli(Map.of(), lines).execute("--endpoints", "127.0.0.1:1");

    assertThat(status).isEqualTo(RaftcacheCli.ERROR);
    assertThat(out.toString()).contains("Usage: raftcache get").doesNotContain("Usage: raftcache set");
    assertThat(err.toString()).contains("unknown command 'sett'").contains("unbalanced quotes")
        .contains("'--stale': options are given when the interactive mode starts");
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
    assertThatThrownBy(() -> parser.convert("-5s")).isInstanceOf(TypeConversionException.class);
  }
}
