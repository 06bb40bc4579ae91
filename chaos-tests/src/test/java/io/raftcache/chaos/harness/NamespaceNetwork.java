package io.raftcache.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Each node in a Linux network namespace of its own, joined by a bridge that the test (in the
 * root namespace) is also on. A partition is a pair of blackhole routes per pair of nodes, so the
 * cut-off node still answers clients, which is where stale reads would show. Needs root and
 * {@code ip}; everything it creates is named after the run and removed on close.
 */
public final class NamespaceNetwork implements Network {
  private final String tag;
  private final int subnet;
  private final int nodes;
  private final List<String> routes = new ArrayList<>();

  private NamespaceNetwork(String tag, int subnet, int nodes) {
    this.tag = tag;
    this.subnet = subnet;
    this.nodes = nodes;
  }

  /** Why namespaces cannot be used here, or empty. */
  public static Optional<String> unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("network partitions need root (to create network namespaces); running as "
          + System.getProperty("user.name"));
    }
    if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
      return Optional.of("network partitions need the 'ip' command (iproute2), which is not installed");
    }
    return Optional.empty();
  }

  public static NamespaceNetwork create(int nodes) throws Exception {
    String tag = Long.toString(ProcessHandle.current().pid() % 100_000, 36);
    int subnet = 100 + (int) (ProcessHandle.current().pid() % 100);
    NamespaceNetwork net = new NamespaceNetwork(tag, subnet, nodes);
    try {
      net.ip("link", "add", net.bridge(), "type", "bridge");
      net.ip("addr", "add", "10.77." + subnet + ".254/24", "dev", net.bridge());
      net.ip("link", "set", net.bridge(), "up");
      for (int i = 0; i < nodes; i++) {
        String ns = net.namespace(i);
        net.ip("netns", "add", ns);
        net.ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
        net.ip("link", "add", net.veth(i), "type", "veth", "peer", "name", "eth0", "netns", ns);
        net.ip("link", "set", net.veth(i), "master", net.bridge());
        net.ip("link", "set", net.veth(i), "up");
        net.ip("netns", "exec", ns, "ip", "addr", "add", net.host(i) + "/24", "dev", "eth0");
        net.ip("netns", "exec", ns, "ip", "link", "set", "eth0", "up");
      }
    } catch (Exception e) {
      net.close();
      throw e;
    }
    return net;
  }

  private String bridge() {
    return "rcbr" + tag;
  }

  private String namespace(int i) {
    return "rc" + tag + "n" + i;
  }

  private String veth(int i) {
    return "rc" + tag + "v" + i;
  }

  @Override
  public String host(int i) {
    return "10.77." + subnet + "." + (i + 1);
  }

  @Override
  public List<String> wrap(int i, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i)));
    wrapped.addAll(command);
    return wrapped;
  }

  @Override
  public boolean canPartition() {
    return true;
  }

  @Override
  public void partition(int isolated, int count) throws Exception {
    for (int other = 0; other < count; other++) {
      if (other != isolated) {
        blackhole(isolated, other);
        blackhole(other, isolated);
      }
    }
  }

  private void blackhole(int from, int to) throws Exception {
    ip("netns", "exec", namespace(from), "ip", "route", "add", "blackhole", host(to) + "/32");
    routes.add(from + ">" + to);
  }

  @Override
  public void heal() throws Exception {
    for (String route : routes) {
      int from = Integer.parseInt(route.substring(0, route.indexOf('>')));
      int to = Integer.parseInt(route.substring(route.indexOf('>') + 1));
      ip("netns", "exec", namespace(from), "ip", "route", "del", "blackhole", host(to) + "/32");
    }
    routes.clear();
  }

  @Override
  public void close() throws Exception {
    for (int i = 0; i < nodes; i++) {
      quietly("netns", "del", namespace(i));
    }
    quietly("link", "del", bridge());
  }

  private void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
    }
  }

  private void quietly(String... args) {
    try {
      ip(args);
    } catch (IOException alreadyGone) {
      // nothing to remove
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
