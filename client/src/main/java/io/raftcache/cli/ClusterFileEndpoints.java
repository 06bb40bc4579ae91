package io.raftcache.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a client needs from a cluster file: the client endpoints ({@code host:client_port}) of its
 * nodes, and the CA to trust when the file turns TLS on ({@code tls.ca}, relative to the file).
 */
record ClusterFileEndpoints(List<String> endpoints, Optional<Path> ca) {

  static ClusterFileEndpoints read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": " + (Files.exists(file) ? "cannot be read" : "no such file"));
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": " + YamlErrors.describe(e));
    }
    JsonNode ca = root == null ? null : root.path("tls").get("ca");
    return new ClusterFileEndpoints(endpoints(file, root == null ? null : root.path("nodes")),
        ca == null ? Optional.empty() : Optional.of(file.toAbsolutePath().getParent().resolve(ca.asText()).normalize()));
  }

  private static List<String> endpoints(Path file, JsonNode nodes) throws IOException {
    if (nodes == null) {
      throw new IOException(file + ": nodes: the file lists no nodes");
    }
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      if (!n.hasNonNull("host") || !n.hasNonNull("client_port")) {
        throw new IOException(file + ": nodes[" + i + "]: host and client_port are required");
      }
      endpoints.add(n.get("host").asText() + ":" + n.get("client_port").asText());
    }
    if (endpoints.isEmpty()) {
      throw new IOException(file + ": nodes: the file lists no nodes");
    }
    return endpoints;
  }
}
