package io.raftcache.node.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A cluster file: the cluster's name, its members and shared settings. Every node of a cluster
 * starts from the same file.
 */
public record ClusterConfig(Path file, String cluster, List<NodeConfig> nodes, Tunables tunables) {

  public NodeConfig node(String id) throws ConfigException {
    return nodes.stream()
        .filter(n -> n.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new ConfigException(file, "nodes",
            "no node has id '" + id + "' (the file names " + nodes.stream().map(NodeConfig::id).toList() + ")"));
  }
}
