package io.raftcache.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.tls.NodeTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The node's metrics port (HTTP): {@code /metrics} for Prometheus, {@code /health} (200 while
 * the node's Raft member runs: restart it otherwise) and {@code /ready} (200 while it also knows
 * a leader: send it clients), each 503 with the reason otherwise.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer http;
  private final ExecutorService threads;

  private MetricsServer(HttpServer http, ExecutorService threads) {
    this.http = http;
    this.threads = threads;
  }

  public static MetricsServer start(NodeConfig self, NodeTls tls, RaftNode raft, NodeMetrics metrics)
      throws IOException {
    HttpServer http;
    try {
      http = tls.metricsServer(new InetSocketAddress(self.host(), self.metricsPort()), 16);
    } catch (IOException e) {
      throw new IOException("cannot open the metrics port " + self.metricsEndpoint() + ": " + e.getMessage(), e);
    }
    http.createContext("/metrics", new MetricsHandler(metrics.registry()));
    http.createContext("/health", exchange -> answer(exchange, unhealthy(self, raft)));
    http.createContext("/ready", exchange -> {
      String unhealthy = unhealthy(self, raft);
      answer(exchange, unhealthy != null || raft.knowsLeader() ? unhealthy
          : self.id() + " knows no leader (an election, or cut off from the majority)");
    });
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(threads);
    http.start();
    return new MetricsServer(http, threads);
  }

  /** Why the node should be restarted, or null. */
  private static String unhealthy(NodeConfig self, RaftNode raft) {
    return raft.isClosed() ? "the Raft server of " + self.id() + " has closed" : null;
  }

  /** 200 "ok", or 503 and {@code problem}. */
  private static void answer(HttpExchange exchange, String problem) throws IOException {
    byte[] body = ((problem == null ? "ok" : problem) + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
