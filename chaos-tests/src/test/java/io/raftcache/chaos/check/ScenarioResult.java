package io.raftcache.chaos.check;

import java.util.List;

/**
 * What one scenario did and what the checks found.
 *
 * @param lostWrites acknowledged writes of fresh keys that were not readable at the end
 * @param lostIncrements acknowledged increments the counter does not show
 * @param doubleAppliedIncrements increments counted beyond every acknowledged and unknown one
 * @param faults each fault with the unavailability it caused
 */
public record ScenarioResult(
    String name,
    int nodes,
    List<FaultResult> faults,
    long operations,
    long acknowledgedWrites,
    long failedOperations,
    long unknownOperations,
    long lostWrites,
    List<String> lostWriteExamples,
    long lostIncrements,
    long doubleAppliedIncrements,
    int linearizabilityViolations,
    List<String> violationExamples,
    List<String> undecidedKeys,
    boolean converged,
    List<String> notes) {

  /**
   * One injected fault.
   *
   * @param writeUnavailableMillis from injection to the first acknowledged write invoked after it
   *     (-1: none before the scenario ended)
   * @param readUnavailableMillis the same for linearizable reads
   * @param longestWriteWaitMillis the longest any write invoked while the fault was in place waited
   *     for its answer, retries included (a planned restart's measure: no write should wait long)
   */
  public record FaultResult(String fault, String description, long injectedAtMillis, long healedAtMillis,
      long writeUnavailableMillis, long readUnavailableMillis, long longestWriteWaitMillis) {}

  public boolean passed() {
    return lostWrites == 0 && lostIncrements == 0 && doubleAppliedIncrements == 0
        && linearizabilityViolations == 0 && undecidedKeys.isEmpty() && converged && notes.stream().noneMatch(n -> n.startsWith("FAIL"));
  }
}
