package io.raftcache.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cluster file: the cluster's name, its members and shared settings. Every node of a cluster
 * starts from the same file.
 *
 * @param tls empty when the cluster speaks plaintext
 * @param users empty when anyone may run anything, as a Redis without ACL users
 * @param preferredZone where the leader should be: it moves there when a voter of that zone is caught up
 */
public record ClusterConfig(Path file, String cluster, List<NodeConfig> nodes, Tunables tunables,
    Optional<TlsConfig> tls, List<UserConfig> users, Optional<String> preferredZone) {

  /** The file's node {@code id}, if it has one. */
  public Optional<NodeConfig> find(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public NodeConfig node(String id) throws ConfigException {
    return find(id).orElseThrow(() -> new ConfigException(file, "nodes",
            "no node has id '" + id + "' (the file names " + nodes.stream().map(NodeConfig::id).toList() + ")"));
  }
}
