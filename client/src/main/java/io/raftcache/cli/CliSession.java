package io.raftcache.cli;

import io.raftcache.client.CacheClient;
import java.io.IOException;
import java.util.Map;

/**
 * What one run of the CLI shares between its commands: the environment it reads settings from,
 * and one client of the cluster, made on first use and closed when the run ends, so that an
 * interactive session keeps its connections from command to command.
 */
final class CliSession implements AutoCloseable {
  /** Client endpoints, as --endpoints takes them. */
  static final String ENDPOINTS_VARIABLE = "RAFTCACHE_ENDPOINTS";
  /** A cluster file, as --config takes it. */
  static final String CONFIG_VARIABLE = "RAFTCACHE_CONFIG";

  /** Makes a client; each call a new one. */
  @FunctionalInterface
  interface Connector {
    CacheClient connect() throws IOException;
  }

  private final Map<String, String> environment;
  private CacheClient client;

  CliSession(Map<String, String> environment) {
    this.environment = environment;
  }

  String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The shared client, made with {@code connector} by the first command that asks. */
  CacheClient client(Connector connector) throws IOException {
    if (client == null) {
      client = connector.connect();
    }
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
