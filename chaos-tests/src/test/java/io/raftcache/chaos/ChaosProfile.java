package io.raftcache.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.chaos.ChaosRun.Scenario;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.harness.ChaosCluster;
import io.raftcache.chaos.harness.NamespaceNetwork;
import io.raftcache.chaos.harness.Network;
import io.raftcache.chaos.report.Report;
import io.raftcache.chaos.workload.Workload.FreshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs groups of scenarios, each on a fresh cluster, writes the report, and asserts correctness. */
final class ChaosProfile {
  static final Path REPORT_DIR = Path.of(System.getProperty("raftcache.reportDir", "target"));
  /** Snapshots and log purges happen within a chaos run, so restarts and installs are exercised. */
  static final String TUNABLES = """
        snapshot_interval_entries: 5000
        log_segment_bytes: 1048576
        log_retain_entries: 5000
      """;

  /**
   * Scenarios to run on one cluster of nodes in {@code zones}, on loopback or each node in a
   * network namespace of its own (skipped, with the reason, where that is not possible), with
   * {@code tunables} (YAML lines) added to the profile's.
   */
  record Group(List<String> zones, boolean namespaces, List<Scenario> scenarios, String tunables, boolean secured,
      boolean ownDisks) {
    Group(List<String> zones, boolean namespaces, List<Scenario> scenarios, String tunables) {
      this(zones, namespaces, scenarios, tunables, false, false);
    }

    Group(List<String> zones, boolean namespaces, List<Scenario> scenarios) {
      this(zones, namespaces, scenarios, "");
    }

    /** The same group on a secured cluster: TLS on every port, clients logged in as a user (docs/security.md). */
    Group withSecurity() {
      return new Group(zones, namespaces, scenarios, tunables, true, ownDisks);
    }

    /** The same group with each node's data dir on a small filesystem of its own, which a fault can fill. */
    Group withOwnDisks() {
      return new Group(zones, namespaces, scenarios, tunables, secured, true);
    }
  }

  /**
   * A memory limit eviction reaches within seconds under the workload's fresh keys written as
   * {@link #EVICTABLE}: only they have a TTL, so volatile-lru evicts them and never a register.
   */
  static final String MEMORY_LIMIT = """
        max_memory_bytes: 262144
        eviction_policy: volatile-lru
      """;
  static final FreshKeys EVICTABLE = new FreshKeys(Duration.ofHours(1), 1000);

  private ChaosProfile() {}

  static List<ScenarioResult> run(String profile, Path workDir, List<Group> groups) throws Exception {
    ChaosRun run = new ChaosRun(REPORT_DIR);
    try {
      int n = 0;
      for (Group group : groups) {
        Path dir = Files.createDirectories(workDir.resolve("cluster-" + (++n)));
        Optional<String> unavailable = group.namespaces() ? NamespaceNetwork.unavailableReason() : Optional.empty();
        if (unavailable.isPresent()) {
          System.out.println("[chaos] skipping " + group.scenarios().stream().map(Scenario::name).toList() + ": "
              + unavailable.get());
          group.scenarios().forEach(s -> run.skip(s, group.zones().size(), unavailable.get()));
          continue;
        }
        try (Network network = group.namespaces() ? NamespaceNetwork.create(group.zones().size()) : Network.loopback();
            ChaosCluster cluster = ChaosCluster.start(dir, group.zones(), network, TUNABLES + group.tunables(),
                group.secured(), group.ownDisks())) {
          try {
            for (Scenario scenario : group.scenarios()) {
              ScenarioResult r = run.run(cluster, scenario);
              System.out.printf("[chaos] %s: %d faults, %d ops, passed=%s %s%n", r.name(), r.faults().size(),
                  r.operations(), r.passed(), r.notes());
            }
          } finally {
            // also when a scenario throws: the logs are what explains it
            cluster.copyLogs(REPORT_DIR.resolve("chaos-logs").resolve("cluster-" + n));
          }
        }
      }
    } finally {
      Report.write(REPORT_DIR, profile, run.results(), run.history());
      System.out.println(Files.readString(REPORT_DIR.resolve("chaos-report.md")));
    }
    for (ScenarioResult r : run.results()) {
      if (r.notes().stream().anyMatch(note -> note.startsWith("skipped"))) {
        continue;
      }
      assertThat(r.acknowledgedWrites()).as(r.name() + " did work: a scenario with no acknowledged write proves nothing")
          .isPositive();
      assertThat(r.lostWrites()).as(r.name() + ": acknowledged writes lost " + r.lostWriteExamples()).isZero();
      assertThat(r.lostIncrements()).as(r.name() + ": acknowledged increments lost").isZero();
      assertThat(r.doubleAppliedIncrements()).as(r.name() + ": increments applied twice").isZero();
      assertThat(r.linearizabilityViolations()).as(r.name() + ": " + r.violationExamples()).isZero();
      assertThat(r.undecidedKeys()).as(r.name() + ": keys the checker could not decide").isEmpty();
      assertThat(r.converged()).as(r.name() + ": replicas converged").isTrue();
      assertThat(r.notes()).as(r.name()).noneMatch(note -> note.startsWith("FAIL"));
    }
    return run.results();
  }
}
