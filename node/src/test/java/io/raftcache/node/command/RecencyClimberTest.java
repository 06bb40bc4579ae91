package io.raftcache.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.node.keyspace.KeyStats;
import org.junit.jupiter.api.Test;

class RecencyClimberTest {
  private static final long KEYS = 1000;
  private final KeyStats stats = new KeyStats();
  private final RecencyClimber climber = new RecencyClimber();

  /** One period of lookups (2,000: the shortest) at {@code hitPercent}, then the climber's answer. */
  private long period(int hitPercent) {
    for (int i = 0; i < 2000; i++) {
      stats.lookedUp(i % 100 < hitPercent);
    }
    return climber.halfLifeMillis(stats, KEYS);
  }

  @Test
  void startsWithoutRecency_keepsGoingWhileTheHitRatioRises_andTurnsWhenItFalls() {
    assertThat(climber.halfLifeMillis(stats, KEYS)).as("pure frequency at first").isEqualTo(Long.MAX_VALUE);
    assertThat(period(50)).isEqualTo(32_000);
    assertThat(period(60)).as("better: on towards recency").isEqualTo(16_000);
    assertThat(period(70)).isEqualTo(8_000);
    assertThat(period(65)).as("worse: back").isEqualTo(16_000);
    assertThat(period(66)).as("better: on in the new direction").isEqualTo(32_000);
    assertThat(period(67)).isEqualTo(Long.MAX_VALUE);
    assertThat(period(68)).as("never halving is as far as it goes").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void takesNoStep_beforeAPeriodOfLookupsHasPassed() {
    for (int i = 0; i < 1999; i++) {
      stats.lookedUp(true);
    }
    assertThat(climber.halfLifeMillis(stats, KEYS)).isEqualTo(Long.MAX_VALUE);
    assertThat(climber.halfLifeMillis(stats, KEYS)).isEqualTo(Long.MAX_VALUE);
  }
}
