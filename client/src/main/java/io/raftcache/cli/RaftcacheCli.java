package io.raftcache.cli;

import io.raftcache.cli.bench.BenchCommand;
import io.raftcache.cli.bench.PopulateCommand;
import io.raftcache.client.BackupResult;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import io.raftcache.client.CacheClient;
import io.raftcache.client.ClusterMember;
import io.raftcache.client.CacheEntry;
import io.raftcache.client.CacheException;
import io.raftcache.client.KeyTtl;
import io.raftcache.client.KeyType;
import io.raftcache.client.MemberStatus;
import io.raftcache.client.SetOptions;
import io.raftcache.client.SetResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code raftcache}: the command line over the SDK, with Redis's command names. Exit status 0 on
 * success, 1 on a miss that matters (GET of a missing key, a conditional SET that did not apply),
 * 2 on an error, with a message on stderr. With no command it runs commands read from its input,
 * one per line ({@link Interactive}).
 *
 * <p>Arguments are taken as redis-cli takes them: one that starts with {@code -} and is not an
 * option of the command ({@code -inf}, {@code -x}, {@code -5}) is a value; {@code --} makes
 * everything after it a value, options included.
 */
@Command(name = "raftcache", mixinStandardHelpOptions = true, versionProvider = RaftcacheCli.Version.class,
    subcommands = {BenchCommand.class, PopulateCommand.class, HelpCommand.class},
    description = "Talks to a raftcache cluster. With no command, reads commands from its input, one per line.",
    commandListHeading = "%nCommands:%n",
    footer = {"%nThe cluster: --endpoints, else --config, else $" + CliSession.ENDPOINTS_VARIABLE
        + ", else $" + CliSession.CONFIG_VARIABLE + ", else config/local-cluster.yaml.",
        "'raftcache help COMMAND' or 'raftcache COMMAND --help' describes a command."})
public final class RaftcacheCli extends CollectionCommands implements Callable<Integer> {
  public static final int MISS = 1;
  static final int ERROR = 2;
  /** Set by bin/raftcache to the repository's config/local-cluster.yaml. */
  static final String DEFAULT_CONFIG_PROPERTY = "raftcache.defaultConfig";
  /** The top-level option that reads the last argument from standard input, as redis-cli's. */
  static final String STDIN_OPTION = "-x";
  private static final List<String> OPTIONS_WITH_VALUES =
      List.of("--endpoints", "--config", "--timeout", "--user", "--tls-ca");

  private static final String USER_VARIABLE = "RAFTCACHE_USER";
  private static final String PASSWORD_VARIABLE = "RAFTCACHE_PASSWORD";

  @Spec
  CommandSpec spec;

  private final CliSession session;
  private final InputStream stdin;
  /** The password typed at the prompt, if one was asked for. */
  private String typedPassword;

  @Option(names = "--endpoints", paramLabel = "H:P,...", description = "client endpoints of some nodes")
  String endpoints;

  @Option(names = "--config", paramLabel = "FILE", description = "take the endpoints from this cluster file")
  Path config;

  @Option(names = "--user", paramLabel = "USER", description = "log in as this user of the cluster file (else"
      + " $RAFTCACHE_USER); the password comes from $RAFTCACHE_PASSWORD, or is asked for")
  String user;

  @Option(names = "--tls-ca", paramLabel = "FILE", description = "connect over TLS, trusting this CA certificate"
      + " (PEM; with --config the file's tls.ca is used without it)")
  Path tlsCa;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationParser.class, defaultValue = "5s",
      description = "give up a call after this long, retries included (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--stale", description = "read from any node's copy (faster, possibly behind)")
  boolean stale;

  @Option(names = "--max-staleness", paramLabel = "DURATION", converter = DurationParser.class,
      description = "read from any node's copy at most this far behind the leader (implies --stale)")
  Duration maxStaleness;

  /** Acted on by {@link #withStandardInput} before parsing, which removes it; declared for --help. */
  @Option(names = STDIN_OPTION, description = "read the last argument from standard input, e.g. a value too "
      + "large for the command line (it must be UTF-8 text)")
  boolean lastArgumentFromStdin;

  RaftcacheCli(CliSession session, InputStream stdin) {
    this.session = session;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    // A name of its own, so the SDK jar never imposes a logback.xml on applications.
    System.setProperty("logback.configurationFile", "raftcache-cli-logback.xml");
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(run(args, System.in, System.getenv()));
  }

  /** One run: a command, or (with none) the interactive mode; returns the exit status. */
  static int run(String[] args, InputStream stdin, Map<String, String> environment) {
    try (CliSession session = new CliSession(environment)) {
      CommandLine cli = commandLine(session, stdin);
      String[] withStdin;
      try {
        withStdin = withStandardInput(args, stdin);
      } catch (IOException e) {
        cli.getErr().println("raftcache: " + STDIN_OPTION + ": " + e.getMessage());
        cli.getErr().flush();
        return ERROR;
      }
      return cli.execute(withStdin);
    }
  }

  static CommandLine commandLine(CliSession session, InputStream stdin) {
    CommandLine cli = new CommandLine(new RaftcacheCli(session, stdin));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandGroups());
    cli.getSubcommands().values().stream().map(CommandLine::getCommandSpec).filter(sub -> sub.findOption("--help") == null)
        .forEach(sub -> sub.addOption(OptionSpec.builder("--help").usageHelp(true).description("describe this command").build()));
    cli.setParameterExceptionHandler(RaftcacheCli::usageError);
    cli.setExecutionExceptionHandler((e, parsed, result) -> {
      parsed.getErr().println("raftcache: " + messageOf(e));
      return ERROR;
    });
    return cli;
  }

  /** A usage error: one line naming the command and the problem, then the command's synopsis. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine at = e.getCommandLine();
    PrintWriter err = at.getErr();
    boolean top = at.getParent() == null;
    if (e instanceof UnmatchedArgumentException unmatched && top) {
      String word = unmatched.getUnmatched().get(0);
      List<String> similar = unmatched.getSuggestions();
      err.println("raftcache: unknown command '" + word + "'"
          + (similar.isEmpty() ? "" : "; did you mean " + oneOf(similar) + "?")
          + " ('raftcache --help' lists the commands)");
    } else if (e instanceof UnmatchedArgumentException unmatched) {
      err.println("raftcache: " + at.getCommandName() + ": unexpected argument '" + unmatched.getUnmatched().get(0)
          + "' (a value that is one of the command's options needs -- before it)");
      err.print("usage: " + at.getHelp().synopsis(0));
    } else {
      err.println("raftcache: " + (top ? "" : at.getCommandName() + ": ") + e.getMessage());
      if (!top) {
        err.print("usage: " + at.getHelp().synopsis(0));
      }
    }
    err.flush();
    return ERROR;
  }

  /** "a", "a or b", "a, b or c". */
  private static String oneOf(List<String> names) {
    int last = names.size() - 1;
    return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }

  /** What went wrong, for a person: the SDK's and the CLI's own errors say it in their message. */
  private static String messageOf(Exception e) {
    if (e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof Exception cause) {
      return messageOf(cause); // the async SDK's failure, as the sync one would have thrown it
    }
    boolean explained = e instanceof CacheException || e instanceof IOException || e instanceof UncheckedIOException
        || e instanceof IllegalArgumentException;
    return explained ? e.getMessage() : "internal error: " + e;
  }

  /**
   * {@code args} with the last argument appended from {@code stdin} if {@value #STDIN_OPTION}
   * comes before the command (and removed); otherwise {@code args} as they are.
   */
  static String[] withStandardInput(String[] args, InputStream stdin) throws IOException {
    int i = 0;
    while (i < args.length && args[i].startsWith("-") && !args[i].equals(STDIN_OPTION) && !args[i].equals("--")) {
      i += OPTIONS_WITH_VALUES.contains(args[i]) ? 2 : 1;
    }
    if (i >= args.length || !args[i].equals(STDIN_OPTION)) {
      return args;
    }
    List<String> rewritten = new ArrayList<>(Arrays.asList(args));
    rewritten.remove(i);
    if (rewritten.stream().skip(i).noneMatch(a -> !a.startsWith("-"))) {
      throw new IOException("it goes before a command, e.g. raftcache -x set KEY < FILE");
    }
    try {
      rewritten.add(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(stdin.readAllBytes())).toString());
    } catch (CharacterCodingException binary) {
      throw new IOException("standard input is not UTF-8 text (binary values need the SDK)");
    }
    return rewritten.toArray(String[]::new);
  }

  /** No command: the interactive mode, with this run's options for every command. */
  @Override
  public Integer call() throws IOException {
    client(); // fixes the session's connection to the options given here
    PrintWriter out = out();
    Interactive interactive = new Interactive(
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out, spec.commandLine().getErr(),
        System.console() != null, commandLine(session, stdin));
    return interactive.run();
  }

  /** The version of the jar it runs from. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = RaftcacheCli.class.getPackage().getImplementationVersion();
      return new String[] {"raftcache " + (version == null ? "(built from source, no version)" : version)};
    }
  }

  @Override
  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  ParameterException badArgument(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The session's client, shared by every command of this run. */
  @Override
  CacheClient client() throws IOException {
    return session.client(this::newClient);
  }

  /** A client of its own, which the caller closes (the load generator opens many). */
  public CacheClient newClient() throws IOException {
    List<String> list;
    Optional<Path> ca = Optional.empty();
    if (endpoints != null) {
      list = List.of(endpoints.split(","));
    } else if (session.variable(CliSession.ENDPOINTS_VARIABLE) != null && config == null) {
      list = List.of(session.variable(CliSession.ENDPOINTS_VARIABLE).split(","));
    } else {
      ClusterFileEndpoints file = ClusterFileEndpoints.read(clusterFile());
      list = file.endpoints();
      ca = file.ca();
    }
    if (tlsCa != null) {
      ca = Optional.of(tlsCa);
    }
    try {
      CacheClient.Builder builder = CacheClient.builder().endpoints(list).timeout(timeout);
      ca.ifPresent(builder::tls);
      String user = user();
      if (user != null) {
        builder.credentials(user, password(user));
      }
      CacheClient client = builder.build();
      return maxStaleness != null ? client.withStaleReads(maxStaleness) : stale ? client.withStaleReads() : client;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** --user, else $RAFTCACHE_USER, else none. */
  private String user() {
    return user != null ? user : session.variable(USER_VARIABLE);
  }

  /**
   * $RAFTCACHE_PASSWORD, else asked for on the terminal once per run (the load generator opens
   * many clients): never on the command line, where ps shows it.
   */
  private String password(String user) {
    String password = session.variable(PASSWORD_VARIABLE);
    if (password != null) {
      return password;
    }
    if (typedPassword != null) {
      return typedPassword;
    }
    java.io.Console console = System.console();
    if (console == null) {
      throw new ParameterException(spec.commandLine(), "a password for " + user + " is needed: set "
          + PASSWORD_VARIABLE + " (there is no terminal to ask on)");
    }
    char[] typed = console.readPassword("password for %s: ", user);
    typedPassword = typed == null ? "" : new String(typed);
    return typedPassword;
  }

  /** --config, else $RAFTCACHE_CONFIG, else the default the launcher set. */
  private Path clusterFile() {
    if (config != null) {
      return config;
    }
    String variable = session.variable(CliSession.CONFIG_VARIABLE);
    return variable != null ? Path.of(variable) : defaultConfig();
  }

  private Path defaultConfig() {
    String property = System.getProperty(DEFAULT_CONFIG_PROPERTY);
    if (property == null) {
      throw new ParameterException(spec.commandLine(), "no endpoints: pass --endpoints H:P,... or --config FILE, or set "
          + CliSession.ENDPOINTS_VARIABLE + " or " + CliSession.CONFIG_VARIABLE);
    }
    return Path.of(property);
  }

  @Command(name = "set", description = "Set a key. Prints OK, or the old value with --get; exit 1 if a condition did not hold.")
  int set(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value,
      @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationParser.class,
          description = "expire after this long, e.g. 30s, 500ms, 2h") Duration ttl,
      @Option(names = "--nx", description = "only if the key does not exist") boolean nx,
      @Option(names = "--xx", description = "only if the key exists") boolean xx,
      @Option(names = "--if-version", paramLabel = "N", description = "only if the key's version is N (compare-and-set)")
      Long ifVersion,
      @Option(names = "--get", description = "print the value the key had before") boolean returnPrevious) throws IOException {
    SetOptions options = SetOptions.none();
    if (ttl != null) {
      options = options.withTtl(checkedTtl(ttl));
    }
    atMostOne(Map.of("--nx", nx, "--xx", xx, "--if-version", ifVersion != null));
    if (nx || xx || ifVersion != null) {
      options = nx ? options.onlyIfAbsent() : xx ? options.onlyIfPresent() : options.onlyIfVersion(ifVersion);
    }
    if (returnPrevious) {
      options = options.returnPrevious();
    }
    SetResult result = client().set(key, value, options);
    if (returnPrevious) {
      out().println(result.previousAsString().orElse("(nil)"));
    } else {
      out().println(result.applied() ? "OK" : "(not set)");
    }
    return result.applied() ? 0 : MISS;
  }

  @Command(name = "get", description = "Print a key's value; exit 1 (printing nothing) if it does not exist.")
  int get(@Parameters(paramLabel = "KEY") String key,
      @Option(names = "--version", description = "also print the version, for set --if-version") boolean withVersion) throws IOException {
    Optional<CacheEntry> entry = client().getEntry(key);
    if (entry.isEmpty()) {
      return MISS;
    }
    out().println(entry.get().valueAsString());
    if (withVersion) {
      out().println("version " + entry.get().version());
    }
    return 0;
  }

  @Command(name = "del", description = "Delete keys; prints how many existed.")
  int del(@Parameters(paramLabel = "KEY", arity = "1..*") String[] keys) throws IOException {
    out().println(client().del(keys));
    return 0;
  }

  @Command(name = "exists", description = "Print how many of the keys exist.")
  int exists(@Parameters(paramLabel = "KEY", arity = "1..*") String[] keys) throws IOException {
    out().println(client().exists(keys));
    return 0;
  }

  @Command(name = "incr", description = "Add 1 to an integer value; prints the result.")
  int incr(@Parameters(paramLabel = "KEY") String key) throws IOException {
    return incrBy(key, 1);
  }

  @Command(name = "incrby", description = "Add N to an integer value; prints the result.")
  int incrBy(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "N") long delta) throws IOException {
    out().println(client().incrBy(key, delta));
    return 0;
  }

  @Command(name = "decrby", description = "Subtract N from an integer value; prints the result.")
  int decrBy(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "N") long delta) throws IOException {
    out().println(client().decrBy(key, delta));
    return 0;
  }

  @Command(name = "ttl", description = "Print the seconds a key has left: -1 if it has no expiry, -2 (exit 1) if it does not exist.")
  int ttl(@Parameters(paramLabel = "KEY") String key,
      @Option(names = "--ms", description = "in milliseconds") boolean millis) throws IOException {
    KeyTtl ttl = client().ttl(key);
    long left = ttl.toRedisMillis();
    out().println(ttl.state() == KeyTtl.State.EXPIRES && !millis ? (left + 999) / 1000 : left);
    return ttl.exists() ? 0 : MISS;
  }

  @Command(name = "expire", description = "Give a key a TTL (e.g. 30s); prints 1, or 0 (exit 1) if it does not exist.")
  int expire(@Parameters(paramLabel = "KEY") String key,
      @Parameters(paramLabel = "DURATION", converter = DurationParser.class) Duration ttl) throws IOException {
    boolean applied = client().expire(key, checkedTtl(ttl));
    out().println(applied ? 1 : 0);
    return applied ? 0 : MISS;
  }

  @Command(name = "persist", description = "Remove a key's TTL; prints 1, or 0 (exit 1) if it had none or does not exist.")
  int persist(@Parameters(paramLabel = "KEY") String key) throws IOException {
    boolean applied = client().persist(key);
    out().println(applied ? 1 : 0);
    return applied ? 0 : MISS;
  }

  @Command(name = "mget", description = "Print the values of keys, one per line, (nil) for a missing one.")
  int mget(@Parameters(paramLabel = "KEY", arity = "1..*") String[] keys) throws IOException {
    client().mget(keys).forEach(v -> out().println(v.orElse("(nil)")));
    return 0;
  }

  @Command(name = "mset", description = "Set several keys at once, atomically: KEY VALUE [KEY VALUE ...].")
  int mset(@Parameters(paramLabel = "KEY VALUE", arity = "2..*") String[] pairs) throws IOException {
    if (pairs.length % 2 != 0) {
      throw new ParameterException(spec.commandLine(), "mset takes KEY VALUE pairs; '" + pairs[pairs.length - 1] + "' has no value");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    client().mset(values);
    out().println("OK");
    return 0;
  }

  @Command(name = "type", description = "Print the type of value a key holds: string, hash, set, zset, or none.")
  int type(@Parameters(paramLabel = "KEY") String key) throws IOException {
    KeyType type = client().type(key);
    out().println(type.name().toLowerCase(java.util.Locale.ROOT));
    return type == KeyType.NONE ? MISS : 0;
  }

  @Command(name = "scan", description = "Print every key matching a pattern, fetched in bounded pages.")
  int scan(@Option(names = "--match", paramLabel = "GLOB", description = "e.g. 'user:*' (default: every key)") String match,
      @Option(names = "--count", paramLabel = "N", defaultValue = "100",
          description = "keys examined per call, 1..1000 (default: ${DEFAULT-VALUE})") int count) throws IOException {
    if (count < 1 || count > 1000) {
      throw badArgument("--count must be between 1 and 1000, not " + count);
    }
    client().scanAll(match, count).forEach(out()::println);
    return 0;
  }

  @Command(name = "health", description = {
      "Print each node's gRPC health (SERVING: it knows a leader), as a probe sees it; needs no credentials.",
      "Exits 1 when no node is serving."})
  int health() throws Exception {
    Map<String, Boolean> serving = client().health();
    serving.forEach((endpoint, up) -> out().println(endpoint + "\t" + (up ? "SERVING" : "NOT_SERVING")));
    out().flush();
    return serving.containsValue(true) ? 0 : MISS;
  }

  @Command(name = "transfer-leader", description = {
      "Hand the leadership to another node (--to), or to the follower furthest along, without an election"
          + " timeout: before maintenance of the leader's machine. Needs the admin permission where there are users."})
  int transferLeader(@Option(names = "--to", paramLabel = "NODE", description = "the node id to lead next") String to)
      throws Exception {
    out().println("leader: " + client().transferLeader(Optional.ofNullable(to)));
    out().flush();
    return 0;
  }

  @Command(name = "leader", description = "Print the leader's node id; exits 1 when no member leads.")
  int leader() throws Exception {
    Optional<MemberStatus> leader = new ClusterHealth(client().clusterStatus()).leader();
    leader.ifPresent(m -> out().println(m.nodeId()));
    out().flush();
    return leader.isPresent() ? 0 : MISS;
  }

  @Command(name = "wait-healthy", description = {
      "Wait until a leader is ready and every member answers and has applied all but --max-behind of the leader's"
          + " commits: between the steps of maintenance. Exits 1, naming the problems, if that takes longer than --within."})
  int waitHealthy(
      @Option(names = "--max-behind", paramLabel = "ENTRIES", defaultValue = "100",
          description = "entries a member may lag (default: ${DEFAULT-VALUE})") long maxBehind,
      @Option(names = "--within", paramLabel = "DURATION", converter = DurationParser.class, defaultValue = "120s",
          description = "how long to wait (default: ${DEFAULT-VALUE})") Duration within,
      @Option(names = "--without", paramLabel = "ID", description = "a member that may be down or behind (one about"
          + " to be rebuilt); the others must be a majority of the group") String without) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> problems;
    do {
      List<MemberStatus> members = client().clusterStatus();
      ClusterHealth health = without == null ? new ClusterHealth(members, maxBehind)
          : ClusterHealth.without(members, without, maxBehind);
      problems = new ArrayList<>(health.problems());
      if (health.leader().isPresent() && !health.leader().get().leaderReady()) {
        problems.add("the leader " + health.leader().get().nodeId() + " is not ready yet");
      }
      if (problems.isEmpty()) {
        return 0;
      }
      Thread.sleep(200);
    } while (System.nanoTime() - deadline < 0);
    problems.forEach(p -> spec.commandLine().getErr().println("raftcache: " + p));
    return MISS;
  }

  @Command(name = "backup", description = {
      "Write a backup of the cluster's state, taken by a caught-up follower at one log index, into a new folder"
          + " DIR/backup-<UTC time> (the files and manifest.json: index, key count, digest, SHA-256 per file).",
      "With --every, go on taking one per interval, keeping the newest --keep. Needs the admin permission."})
  int backup(@Option(names = "--to", required = true, paramLabel = "DIR") Path dir,
      @Option(names = "--every", paramLabel = "DURATION", converter = DurationParser.class,
          description = "e.g. 1h: take backups until stopped") Duration every,
      @Option(names = "--keep", paramLabel = "N", defaultValue = "0",
          description = "with --every: how many to keep, the oldest deleted first (default: all)") int keep)
      throws Exception {
    if (keep < 0 || (keep > 0 && every == null)) {
      throw badArgument("--keep needs --every and a count of at least 1");
    }
    Backups backups = new Backups(dir, keep);
    do {
      long started = System.nanoTime();
      try {
        BackupResult b = client().backup(backups.nextFolder());
        out().printf("%s\tindex %d\t%d keys\tdigest %016x\t%d files, %d bytes\tfrom %s%n", b.dir(), b.index(),
            b.keyCount(), b.digest(), b.files(), b.bytes(), b.fromNode());
        out().flush();
        backups.deleteBeyondKeep().forEach(old -> out().println("deleted " + old));
        out().flush();
      } catch (RuntimeException failed) {
        if (every == null) {
          throw failed;
        }
        // A schedule outlives one failure (an election, a follower restarting): the next one runs.
        spec.commandLine().getErr().println("raftcache: backup failed, trying again in " + every + ": "
            + failed.getMessage());
      }
      if (every != null) {
        Thread.sleep(Math.max(0, every.toMillis() - (System.nanoTime() - started) / 1_000_000));
      }
    } while (every != null);
    return 0;
  }

  @Command(name = "export", description = {
      "Write the keys of a Redis-protocol server (a Redis, or a raftcache node's resp_port) as Redis commands that"
          + " redis-cli --pipe replays into either: to move to raftcache or away from it.",
      "  raftcache export --from 127.0.0.1:6379 | redis-cli -p 7201 --pipe     # Redis -> raftcache",
      "  raftcache export --from 127.0.0.1:7201 > dump.resp                   # raftcache -> a file"})
  int export(@Option(names = "--from", required = true, paramLabel = "HOST:PORT",
          description = "the server to read, in plaintext (AUTH with --user, if given)") String from,
      @Option(names = "--match", paramLabel = "GLOB", defaultValue = "*",
          description = "the keys to export (default: every key)") String match,
      @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output") Path file)
      throws Exception {
    HostAndPort address;
    try {
      address = HostAndPort.from(from);
    } catch (IllegalArgumentException e) {
      throw badArgument("--from must be HOST:PORT, not '" + from + "'");
    }
    String user = user();
    OutputStream sink = file == null ? System.out : Files.newOutputStream(file);
    try (Jedis source = new Jedis(address, DefaultJedisClientConfig.builder().user(user)
        .password(user == null ? null : password(user)).build())) {
      long keys = new RespExport(source, new BufferedOutputStream(sink, 1 << 16)).export(match);
      spec.commandLine().getErr().println("raftcache: exported " + keys + " keys from " + from);
    } finally {
      if (file != null) {
        sink.close();
      }
    }
    return 0;
  }

  @Command(name = "add-node", description = {
      "Add a node of the cluster file to the group (as the voter or replica its role says) once it runs: it catches"
          + " up from a snapshot and the log before it counts. Prints the members. Needs the admin permission."})
  int addNode(@Parameters(paramLabel = "NODE", description = "its id in the cluster file") String id) throws Exception {
    return printMembers(client().addNode(id));
  }

  @Command(name = "remove-node", description = {
      "Remove a member from the group (not the leader: transfer-leader first). Refused if it would leave fewer than"
          + " three voters or too few in contact for a quorum, unless --force. Prints the members."})
  int removeNode(@Parameters(paramLabel = "NODE") String id,
      @Option(names = "--force", description = "remove it even so") boolean force) throws Exception {
    return printMembers(client().removeNode(id, force));
  }

  @Command(name = "replace-node", description = {
      "Replace a member (e.g. one whose machine is gone) by a node of the cluster file, in one change of the group:"
          + " the new node catches up first, so the quorum is never at risk. Prints the members."})
  int replaceNode(@Parameters(paramLabel = "OLD") String old,
      @Option(names = "--with", required = true, paramLabel = "NODE", description = "the new node's id in the cluster file")
          String with,
      @Option(names = "--force", description = "even if too few voters would be in contact") boolean force)
      throws Exception {
    return printMembers(client().replaceNode(old, with, force));
  }

  private int printMembers(List<ClusterMember> members) {
    for (ClusterMember m : members) {
      out().println(m.nodeId() + "\t" + (m.replica() ? "replica" : "voter") + "\t" + m.zone() + "\t" + m.endpoint());
    }
    out().flush();
    return 0;
  }

  @Command(name = "status", description = {
      "Print each member's id, zone, role, leader, term, commit and applied index, and how far it is behind the leader.",
      "Exits 1, naming the problem on stderr, when a member is down or more than "
          + ClusterHealth.FAR_BEHIND_ENTRIES + " entries behind, or no member leads."})
  int status(@Option(names = "--json", description = "as JSON") boolean json) throws Exception {
    List<MemberStatus> members = client().clusterStatus();
    ClusterHealth health = new ClusterHealth(members);
    if (json) {
      StatusPrinter.json(health, members, out());
    } else {
      StatusPrinter.table(health, members, out());
    }
    out().flush();
    List<String> problems = health.problems();
    problems.forEach(p -> spec.commandLine().getErr().println("raftcache: " + p));
    return problems.isEmpty() ? 0 : MISS;
  }

  @Command(name = "stats", description = {
      "Print each member's keys, memory against max_memory_bytes, hit ratio, and keys expired and evicted "
          + "since it started: the cache at a glance."})
  int stats() throws Exception {
    List<MemberStatus> members = client().clusterStatus();
    StatusPrinter.stats(members, out());
    out().flush();
    return members.stream().allMatch(MemberStatus::reachable) ? 0 : MISS;
  }

  @Override
  Duration checkedTtl(Duration ttl) {
    if (ttl.isZero()) {
      throw new ParameterException(spec.commandLine(), "the TTL must be positive (use persist to remove a TTL)");
    }
    return ttl;
  }
}
