package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteStagesTest {
  private final WriteStages stages = new WriteStages();
  private final Map<String, Long> observed = new LinkedHashMap<>();

  WriteStagesTest() {
    stages.observeWith(observed::put);
  }

  @Test
  void splitsAWriteIntoItsStagesByTheIndexOfItsReply() {
    stages.applied(7, 1_000, 1_300);
    stages.replied(7, 100, 150, 1_450);

    assertThat(observed).containsExactly(
        Map.entry("handoff", 50L), Map.entry("replicate", 850L), Map.entry("apply", 300L), Map.entry("reply", 150L));
  }

  @Test
  void skipsTheApplyStagesWhenTheEntrysSlotWasReusedBeforeItsReply() {
    stages.applied(7, 1_000, 1_300);
    stages.applied(7 + 1024, 2_000, 2_100);
    stages.replied(7, 100, 150, 1_450);

    assertThat(observed).containsOnlyKeys("handoff");
  }

  @Test
  void skipsTheApplyStagesOfAReplyWithoutAnIndex() {
    stages.replied(0, 100, 150, 1_450);

    assertThat(observed).containsOnlyKeys("handoff");
  }
}
