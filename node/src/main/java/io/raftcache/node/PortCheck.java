package io.raftcache.node;

import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Checks before starting anything that a node's ports can be bound, to fail with a clear message. */
final class PortCheck {
  private PortCheck() {}

  static void requireFree(Path file, NodeConfig node) throws ConfigException {
    requireFree(file, node.field("raft_port"), node.host(), node.raftPort());
    requireFree(file, node.field("client_port"), node.host(), node.clientPort());
    if (node.respPort() != 0) {
      requireFree(file, node.field("resp_port"), node.host(), node.respPort());
    }
    if (node.metricsPort() != 0) {
      requireFree(file, node.field("metrics_port"), node.host(), node.metricsPort());
    }
  }

  private static void requireFree(Path file, String field, String host, int port) throws ConfigException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new ConfigException(file, field, "cannot listen on " + host + ":" + port + ": " + e.getMessage()
          + " (is another node or program using the port?)");
    }
  }
}
