package io.raftcache.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.raftcache.node.auth.Category;
import io.raftcache.node.auth.PasswordHash;
import io.raftcache.node.keyspace.GlobPattern;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a YAML cluster file. Every problem is reported with the file and the field
 * (e.g. {@code nodes[1].client_port}); unknown fields are errors, so a typo never passes silently.
 */
public final class ConfigLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> TOP_FIELDS = Set.of("cluster", "nodes", "tunables", "tls", "users", "preferred_zone");
  private static final Set<String> NODE_FIELDS = Set.of("id", "zone", "host", "raft_port", "client_port",
      "resp_port", "metrics_port", "data_dir", "tls_cert", "tls_key", "role");
  private static final Set<String> TLS_FIELDS = Set.of("ca", "ca_key");
  private static final Set<String> USER_FIELDS = Set.of("name", "password_hash", "nopass", "enabled", "commands", "keys");
  private static final Set<String> TUNABLE_FIELDS = Set.of(
      "election_timeout_min_ms", "election_timeout_max_ms", "snapshot_interval_entries",
      "log_segment_bytes", "log_retain_entries", "max_key_bytes", "max_value_bytes",
      "max_batch_keys", "expiry_scan_interval_ms", "max_clients",
      "client_stall_timeout_ms", "max_memory_bytes", "eviction_policy");

  private final Path file;

  private ConfigLoader(Path file) {
    this.file = file;
  }

  public static ClusterConfig load(Path file) throws ConfigException {
    return new ConfigLoader(file).load();
  }

  private ClusterConfig load() throws ConfigException {
    JsonNode root = parse();
    requireObject(root, "");
    checkKnownFields(root, "", TOP_FIELDS);
    String cluster = name(root, "cluster", "cluster");
    Optional<TlsConfig> tls = tls(root.get("tls"));
    List<NodeConfig> nodes = nodes(root.get("nodes"), tls.isPresent());
    Tunables tunables = tunables(root.get("tunables"));
    List<UserConfig> users = users(root.get("users"));
    if (!users.isEmpty() && tls.isEmpty()) {
      // Without TLS a node cannot tell another node's forwarded log entries from a client's, so
      // users would be a lock with the back door open (and their passwords would travel in the clear).
      throw new ConfigException(file, "users", "users need a tls section too: without TLS passwords cross the"
          + " network in the clear and any client could forward log entries past the permission checks"
          + " (docs/security.md)");
    }
    return new ClusterConfig(file, cluster, List.copyOf(nodes), tunables, tls, users, preferredZone(root, nodes));
  }

  /** The zone the leader should be in: one where a voter is, or the leader could never go there. */
  private Optional<String> preferredZone(JsonNode root, List<NodeConfig> nodes) throws ConfigException {
    if (!root.has("preferred_zone")) {
      return Optional.empty();
    }
    String zone = name(root, "preferred_zone", "preferred_zone");
    List<String> voterZones = nodes.stream().filter(n -> !n.replica()).map(NodeConfig::zone).distinct().toList();
    if (!voterZones.contains(zone)) {
      throw new ConfigException(file, "preferred_zone", "no voter is in zone '" + zone + "' (voters' zones: "
          + voterZones + "); a replica never leads");
    }
    return Optional.of(zone);
  }

  private JsonNode parse() throws ConfigException {
    if (!Files.isReadable(file)) {
      throw new ConfigException(file, "", Files.exists(file) ? "cannot be read" : "no such file");
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      if (root == null || root.isMissingNode()) {
        throw new ConfigException(file, "", "the file is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, "", YamlErrors.describe(e));
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot be read: " + e.getMessage());
    }
  }

  private Optional<TlsConfig> tls(JsonNode t) throws ConfigException {
    if (t == null) {
      return Optional.empty();
    }
    requireObject(t, "tls");
    checkKnownFields(t, "tls.", TLS_FIELDS);
    // The files need not exist yet: `raftcache-cluster certs` makes them; a node checks them as it starts.
    return Optional.of(new TlsConfig(path(t, "ca", "tls.ca"),
        t.has("ca_key") ? Optional.of(path(t, "ca_key", "tls.ca_key")) : Optional.empty()));
  }

  private List<UserConfig> users(JsonNode list) throws ConfigException {
    if (list == null) {
      return List.of();
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new ConfigException(file, "users", "must be a list of at least one user (or left out: no users)");
    }
    List<UserConfig> users = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "users[" + i + "]";
      JsonNode u = list.get(i);
      requireObject(u, at);
      checkKnownFields(u, at + ".", USER_FIELDS);
      String name = name(u, "name", at + ".name");
      unique(names, name, at + ".name", "user");
      boolean nopass = flag(u, "nopass", at + ".nopass", false);
      if (nopass == u.has("password_hash")) {
        throw new ConfigException(file, at, nopass ? "has both password_hash and nopass: true; keep one"
            : "needs a password_hash (raftcache-node --hash-password makes one) or nopass: true");
      }
      Optional<String> hash = Optional.empty();
      if (!nopass) {
        String text = text(u, "password_hash", at + ".password_hash");
        try {
          PasswordHash.parse(text);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file, at + ".password_hash", e.getMessage()); // never the text itself
        }
        hash = Optional.of(text);
      }
      users.add(new UserConfig(name, hash, flag(u, "enabled", at + ".enabled", true), categories(u, at),
          globs(u, at + ".keys")));
    }
    return List.copyOf(users);
  }

  private Set<Category> categories(JsonNode user, String at) throws ConfigException {
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (String name : strings(user, "commands", at + ".commands")) {
      if (name.equals("all")) {
        categories.addAll(EnumSet.of(Category.READ, Category.WRITE, Category.ADMIN, Category.DANGEROUS));
      } else {
        categories.add(Category.named(name).orElseThrow(() -> new ConfigException(file, at + ".commands",
            "'" + name + "' is not a category; read, write, admin, dangerous or all")));
      }
    }
    return categories;
  }

  private List<String> globs(JsonNode user, String field) throws ConfigException {
    List<String> globs = strings(user, "keys", field);
    for (String glob : globs) {
      try {
        GlobPattern.compile(glob);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file, field, "'" + glob + "' is not a pattern: " + e.getMessage());
      }
    }
    return globs;
  }

  /** A list of strings; empty when the field is left out. */
  private List<String> strings(JsonNode parent, String name, String field) throws ConfigException {
    JsonNode v = parent.get(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new ConfigException(file, field, "must be a list, e.g. [" + (name.equals("keys") ? "\"session:*\"" : "read, write") + "]");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual() || item.asText().isEmpty()) {
        throw new ConfigException(file, field, "must hold non-empty strings, not '" + item + "'");
      }
      values.add(item.asText());
    }
    return values;
  }

  private boolean flag(JsonNode parent, String name, String field, boolean fallback) throws ConfigException {
    JsonNode v = parent.get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw new ConfigException(file, field, "must be true or false, not '" + v.asText() + "'");
    }
    return v.asBoolean();
  }

  /** The node's tls_cert and tls_key: both required with a tls section, refused without one. */
  private Optional<CertificateFiles> certificate(JsonNode n, String at, boolean tls) throws ConfigException {
    if (!tls) {
      for (String field : List.of("tls_cert", "tls_key")) {
        if (n.has(field)) {
          throw new ConfigException(file, at + "." + field, "the file has no tls section to use it with");
        }
      }
      return Optional.empty();
    }
    return Optional.of(new CertificateFiles(path(n, "tls_cert", at + ".tls_cert"), path(n, "tls_key", at + ".tls_key")));
  }

  /** A path relative to the file's folder, made absolute. */
  private Path path(JsonNode parent, String name, String field) throws ConfigException {
    return file.toAbsolutePath().getParent().resolve(text(parent, name, field)).normalize();
  }

  private List<NodeConfig> nodes(JsonNode list, boolean tls) throws ConfigException {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new ConfigException(file, "nodes", "must be a list of at least one node");
    }
    List<NodeConfig> nodes = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    Map<Path, String> dataDirs = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "nodes[" + i + "]";
      JsonNode n = list.get(i);
      requireObject(n, at);
      checkKnownFields(n, at + ".", NODE_FIELDS);
      NodeConfig node = new NodeConfig(i,
          name(n, "id", at + ".id"),
          name(n, "zone", at + ".zone"),
          text(n, "host", at + ".host"),
          port(n, "raft_port", at + ".raft_port"),
          port(n, "client_port", at + ".client_port"),
          n.has("resp_port") ? port(n, "resp_port", at + ".resp_port") : 0,
          n.has("metrics_port") ? port(n, "metrics_port", at + ".metrics_port") : 0,
          path(n, "data_dir", at + ".data_dir"),
          certificate(n, at, tls),
          replica(n, at + ".role"));
      unique(ids, node.id(), at + ".id", "id");
      unique(addresses, node.raftAddress(), at + ".raft_port", "address");
      unique(addresses, node.clientEndpoint(), at + ".client_port", "address");
      if (node.respPort() != 0) {
        unique(addresses, node.respEndpoint(), at + ".resp_port", "address");
      }
      if (node.metricsPort() != 0) {
        unique(addresses, node.metricsEndpoint(), at + ".metrics_port", "address");
      }
      unique(dataDirs, node.dataDir(), at + ".data_dir", "data_dir");
      nodes.add(node);
    }
    if (nodes.stream().allMatch(NodeConfig::replica)) {
      throw new ConfigException(file, "nodes", "every node is a replica: at least one must be a voter to lead");
    }
    return nodes;
  }

  private boolean replica(JsonNode n, String field) throws ConfigException {
    if (!n.has("role")) {
      return false;
    }
    return switch (text(n, "role", field)) {
      case "voter" -> false;
      case "replica" -> true;
      default -> throw new ConfigException(file, field, "'" + n.get("role").asText()
          + "' is not a role; voter (the default: votes, may lead) or replica (gets the log, serves stale reads)");
    };
  }

  private <K> void unique(Map<K, String> seen, K value, String field, String what) throws ConfigException {
    String earlier = seen.putIfAbsent(value, field);
    if (earlier != null) {
      throw new ConfigException(file, field, "duplicate " + what + " '" + value + "', also used by " + earlier);
    }
  }

  private Tunables tunables(JsonNode t) throws ConfigException {
    Tunables d = Tunables.defaults();
    if (t == null) {
      return d;
    }
    requireObject(t, "tunables");
    checkKnownFields(t, "tunables.", TUNABLE_FIELDS);
    Duration min = millis(t, "election_timeout_min_ms", d.electionTimeoutMin(), 50, 60_000);
    Duration max = millis(t, "election_timeout_max_ms", d.electionTimeoutMax(), 50, 120_000);
    if (max.compareTo(min) <= 0) {
      throw new ConfigException(file, "tunables.election_timeout_max_ms",
          max.toMillis() + " must be greater than election_timeout_min_ms (" + min.toMillis() + ")");
    }
    return new Tunables(min, max,
        number(t, "snapshot_interval_entries", d.snapshotIntervalEntries(), 100, Long.MAX_VALUE),
        number(t, "log_segment_bytes", d.logSegmentBytes(), 64 << 10, 1L << 30),
        number(t, "log_retain_entries", d.logRetainEntries(), 0, Long.MAX_VALUE),
        (int) number(t, "max_key_bytes", d.maxKeyBytes(), 1, Tunables.MAX_KEY_BYTES_CEILING),
        (int) number(t, "max_value_bytes", d.maxValueBytes(), 1, Tunables.MAX_VALUE_BYTES_CEILING),
        (int) number(t, "max_batch_keys", d.maxBatchKeys(), 1, Tunables.MAX_BATCH_KEYS_CEILING),
        millis(t, "expiry_scan_interval_ms", d.expiryScanInterval(), 1, 60_000),
        (int) number(t, "max_clients", d.maxClients(), 1, 1_000_000),
        millis(t, "client_stall_timeout_ms", d.clientStallTimeout(), 100, 3_600_000),
        memoryLimit(t));
  }

  private MemoryLimit memoryLimit(JsonNode t) throws ConfigException {
    long maxBytes = number(t, "max_memory_bytes", 0, 0, MemoryLimit.MAX_BYTES_CEILING);
    JsonNode policy = t.get("eviction_policy");
    if (policy == null) {
      return new MemoryLimit(maxBytes, EvictionPolicy.NOEVICTION);
    }
    String name = policy.asText();
    return new MemoryLimit(maxBytes, EvictionPolicy.named(name).orElseThrow(() -> new ConfigException(file,
        "tunables.eviction_policy", "'" + name + "' is not a policy; one of " + java.util.Arrays.stream(
            EvictionPolicy.values()).map(EvictionPolicy::configName).toList())));
  }

  private Duration millis(JsonNode t, String name, Duration fallback, long min, long max) throws ConfigException {
    return Duration.ofMillis(number(t, name, fallback.toMillis(), min, max));
  }

  private long number(JsonNode parent, String name, long fallback, long min, long max) throws ConfigException {
    JsonNode v = parent.get(name);
    if (v == null) {
      return fallback;
    }
    String field = "tunables." + name;
    if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new ConfigException(file, field, "must be a whole number, not '" + v.asText() + "'");
    }
    return inRange(v.asLong(), min, max, field);
  }

  private int port(JsonNode parent, String name, String field) throws ConfigException {
    JsonNode v = require(parent, name, field);
    if (!v.canConvertToExactIntegral()) {
      throw new ConfigException(file, field, "must be a port number, not '" + v.asText() + "'");
    }
    return (int) inRange(v.asLong(), 1, 65_535, field);
  }

  private long inRange(long value, long min, long max, String field) throws ConfigException {
    if (value < min || value > max) {
      throw new ConfigException(file, field, value + " is out of range [" + min + ", " + max + "]");
    }
    return value;
  }

  private String name(JsonNode parent, String name, String field) throws ConfigException {
    String value = text(parent, name, field);
    if (!NAME.matcher(value).matches()) {
      throw new ConfigException(file, field,
          "'" + value + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return value;
  }

  private String text(JsonNode parent, String name, String field) throws ConfigException {
    JsonNode v = require(parent, name, field);
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new ConfigException(file, field, "must be a non-empty string");
    }
    return v.asText();
  }

  private JsonNode require(JsonNode parent, String name, String field) throws ConfigException {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw new ConfigException(file, field, "missing");
    }
    return v;
  }

  private void requireObject(JsonNode n, String field) throws ConfigException {
    if (!n.isObject()) {
      throw new ConfigException(file, field, "must be a mapping of field: value");
    }
  }

  private void checkKnownFields(JsonNode n, String prefix, Set<String> known) throws ConfigException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new ConfigException(file, prefix + name, "unknown field (known: " + known.stream().sorted().toList() + ")");
      }
    }
  }
}
