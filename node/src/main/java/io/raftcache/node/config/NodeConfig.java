package io.raftcache.node.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One member of the cluster as the cluster file describes it.
 *
 * @param index its position in the file's {@code nodes} list, to name fields in errors
 * @param respPort the Redis protocol's port; 0 if the node serves none
 * @param metricsPort the HTTP port of /metrics, /health and /ready; 0 if the node serves none
 * @param dataDir absolute; a relative path in the file is resolved against the file's folder
 * @param tls its certificate and key, present exactly when the cluster file has a {@code tls} section
 * @param replica a read replica (a Raft listener: it gets the log, never votes, serves stale reads), not a voter
 */
public record NodeConfig(
    int index, String id, String zone, String host, int raftPort, int clientPort, int respPort, int metricsPort,
    Path dataDir, Optional<CertificateFiles> tls, boolean replica) {

  /** The field's name in the cluster file, e.g. {@code nodes[1].client_port}. */
  public String field(String name) {
    return "nodes[" + index + "]." + name;
  }

  public String raftAddress() {
    return host + ":" + raftPort;
  }

  public String clientEndpoint() {
    return host + ":" + clientPort;
  }

  public String respEndpoint() {
    return host + ":" + respPort;
  }

  public String metricsEndpoint() {
    return host + ":" + metricsPort;
  }
}
