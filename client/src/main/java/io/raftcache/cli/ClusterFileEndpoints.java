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

/** The client endpoints ({@code host:client_port}) of the nodes in a cluster file. */
final class ClusterFileEndpoints {
  private ClusterFileEndpoints() {}

  static List<String> read(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": " + (Files.exists(file) ? "cannot be read" : "no such file"));
    }
    JsonNode nodes;
    try {
      nodes = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("nodes");
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": " + YamlErrors.describe(e));
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
