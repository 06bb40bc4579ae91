package io.raftcache.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftcache.chaos.check.ScenarioResult;
import io.raftcache.chaos.check.ScenarioResult.FaultResult;
import io.raftcache.chaos.history.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes a run's evidence: {@code chaos-report.json} (run totals and one entry per scenario),
 * {@code chaos-report.md} (the same as tables) and {@code chaos-timeline.svg}.
 */
public final class Report {
  /** Faults after which unavailability is the leader-failover figure the targets speak of. */
  private static final List<String> LEADER_FAULTS = List.of("kill-leader");

  private Report() {}

  public static void write(Path dir, String profile, List<ScenarioResult> results, History history) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("chaos-report.json"), json(profile, results));
    Files.writeString(dir.resolve("chaos-report.md"), markdown(profile, results));
    Files.writeString(dir.resolve("chaos-timeline.svg"), TimelineChart.svg(history.ops(), history.faults(),
        history.startNanos(), "raftcache chaos run (" + profile + "), " + LocalDate.now()));
  }

  static Stats leaderFailover(List<ScenarioResult> results) {
    return Stats.of(results.stream().flatMap(r -> r.faults().stream())
        .filter(f -> LEADER_FAULTS.contains(f.fault()))
        .map(FaultResult::writeUnavailableMillis)
        .filter(ms -> ms >= 0)
        .toList());
  }

  static String json(String profile, List<ScenarioResult> results) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("profile", profile);
    root.put("date", LocalDate.now().toString());
    root.put("leader_kills", results.stream().flatMap(r -> r.faults().stream()).filter(f -> f.fault().equals("kill-leader")).count());
    root.put("faults_injected", results.stream().mapToLong(r -> r.faults().size()).sum());
    root.put("operations", results.stream().mapToLong(ScenarioResult::operations).sum());
    root.put("acknowledged_writes", results.stream().mapToLong(ScenarioResult::acknowledgedWrites).sum());
    root.put("acknowledged_lost", results.stream().mapToLong(r -> r.lostWrites() + r.lostIncrements()).sum());
    root.put("linearizability_violations", results.stream().mapToLong(ScenarioResult::linearizabilityViolations).sum());
    root.put("double_applied_increments", results.stream().mapToLong(ScenarioResult::doubleAppliedIncrements).sum());
    root.put("converged", results.stream().allMatch(ScenarioResult::converged));
    root.put("passed", results.stream().allMatch(ScenarioResult::passed));
    Stats failover = leaderFailover(results);
    ObjectNode unavailability = root.putObject("unavailability_ms");
    unavailability.put("median", failover.median());
    unavailability.put("max", failover.max());
    unavailability.put("samples", failover.count());
    unavailability.put("measures", "SIGKILL of the leader -> first acknowledged write invoked after it");
    ArrayNode scenarios = root.putArray("scenarios");
    for (ScenarioResult r : results) {
      ObjectNode s = scenarios.addObject();
      s.put("name", r.name());
      s.put("nodes", r.nodes());
      s.put("operations", r.operations());
      s.put("acknowledged_writes", r.acknowledgedWrites());
      s.put("failed", r.failedOperations());
      s.put("unknown", r.unknownOperations());
      ObjectNode checks = s.putObject("checks");
      checks.put("linearizability_violations", r.linearizabilityViolations());
      checks.put("undecided_keys", r.undecidedKeys().size());
      checks.put("acknowledged_lost", r.lostWrites() + r.lostIncrements());
      checks.put("double_applied_increments", r.doubleAppliedIncrements());
      checks.put("converged", r.converged());
      checks.put("passed", r.passed());
      r.lostWriteExamples().forEach(checks.withArray("lost_examples")::add);
      r.violationExamples().forEach(checks.withArray("violation_examples")::add);
      r.notes().forEach(checks.withArray("notes")::add);
      Stats writes = Stats.of(r.faults().stream().map(FaultResult::writeUnavailableMillis).filter(ms -> ms >= 0).toList());
      Stats reads = Stats.of(r.faults().stream().map(FaultResult::readUnavailableMillis).filter(ms -> ms >= 0).toList());
      ObjectNode u = s.putObject("unavailability_ms");
      u.put("write_median", writes.median());
      u.put("write_max", writes.max());
      u.put("read_median", reads.median());
      u.put("read_max", reads.max());
      ArrayNode faults = s.putArray("faults");
      for (FaultResult f : r.faults()) {
        ObjectNode fn = faults.addObject();
        fn.put("fault", f.fault());
        fn.put("description", f.description());
        fn.put("injected_at_ms", f.injectedAtMillis());
        fn.put("healed_at_ms", f.healedAtMillis());
        fn.put("write_unavailable_ms", f.writeUnavailableMillis());
        fn.put("read_unavailable_ms", f.readUnavailableMillis());
        fn.put("longest_write_wait_ms", f.longestWriteWaitMillis());
      }
    }
    return mapper.writeValueAsString(root) + "\n";
  }

  static String markdown(String profile, List<ScenarioResult> results) {
    StringBuilder md = new StringBuilder();
    Stats failover = leaderFailover(results);
    md.append("# raftcache chaos report (").append(profile).append(", ").append(LocalDate.now()).append(")\n\n");
    md.append(String.format("Leader kills: %d; leader-kill unavailability median %d ms, max %d ms (kill -> first acknowledged write invoked after it).%n%n",
        failover.count(), failover.median(), failover.max()));
    md.append("| scenario | nodes | faults | ops | acked writes | failed | unknown | linearizable | lost | double-applied | converged | write unavailable ms (median / max) | read unavailable ms (median / max) | longest write wait ms |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ScenarioResult r : results) {
      Stats writes = Stats.of(r.faults().stream().map(FaultResult::writeUnavailableMillis).filter(ms -> ms >= 0).toList());
      Stats reads = Stats.of(r.faults().stream().map(FaultResult::readUnavailableMillis).filter(ms -> ms >= 0).toList());
      long longestWait = r.faults().stream().mapToLong(FaultResult::longestWriteWaitMillis).max().orElse(-1);
      md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %s | %d | %d | %s | %s | %s | %s |%n",
          r.name(), r.nodes(), r.faults().size(), r.operations(), r.acknowledgedWrites(), r.failedOperations(),
          r.unknownOperations(),
          r.linearizabilityViolations() == 0 && r.undecidedKeys().isEmpty() ? "yes" : "NO (" + r.linearizabilityViolations() + ")",
          r.lostWrites() + r.lostIncrements(), r.doubleAppliedIncrements(), r.converged() ? "yes" : "NO",
          range(writes), range(reads), longestWait < 0 ? "-" : Long.toString(longestWait)));
    }
    md.append("\n");
    for (ScenarioResult r : results) {
      if (!r.notes().isEmpty() || !r.passed()) {
        md.append("- **").append(r.name()).append("**: ").append(String.join("; ", r.notes()));
        r.lostWriteExamples().forEach(l -> md.append("; lost ").append(l));
        r.violationExamples().forEach(v -> md.append("\n  - violation: ").append(v));
        md.append("\n");
      }
    }
    return md.toString();
  }

  private static String range(Stats s) {
    return s.count() == 0 ? "-" : s.median() + " / " + s.max();
  }
}
