package io.raftcache.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void setOptions_twoConditions_areRejected() {
    assertThatThrownBy(() -> SetOptions.none().onlyIfAbsent().onlyIfVersion(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one condition");
  }

  @Test
  void setOptions_ttlBelowOneMillisecond_isRejected() {
    assertThatThrownBy(() -> SetOptions.ttl(Duration.ofNanos(10))).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> SetOptions.ttl(Duration.ofSeconds(-1))).hasMessageContaining("at least 1 ms");
  }

  @Test
  void setOptions_ttlBeyondWhatNodesAccept_isRejectedNamingTheLimit() {
    assertThatThrownBy(() -> SetOptions.ttl(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be at most 3650 days");
    assertThatThrownBy(() -> SetOptions.ttl(Duration.ofDays(3651))).hasMessageContaining("at most 3650 days");
    assertThat(SetOptions.ttl(Duration.ofDays(3650)).ttl()).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void results_printTheirValues_andCompareByContent() {
    CacheEntry text = new CacheEntry("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3);
    CacheEntry binary = new CacheEntry(new byte[] {(byte) 0xff, 0, 1}, 4);

    assertThat(text).hasToString("CacheEntry[value=\"alice\", version=3]");
    assertThat(binary).hasToString("CacheEntry[value=<3 bytes>, version=4]");
    assertThat(text).isEqualTo(new CacheEntry("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3))
        .hasSameHashCodeAs(new CacheEntry("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3));
    assertThat(new SetResult(true, 2, java.util.Optional.of("x".repeat(70).getBytes(java.nio.charset.StandardCharsets.UTF_8))).toString())
        .contains("(70 bytes)").doesNotContain("[B@");
  }

  @Test
  void setOptions_areImmutable() {
    SetOptions base = SetOptions.ttl(Duration.ofSeconds(5));
    SetOptions nx = base.onlyIfAbsent();

    assertThat(base.condition()).isEqualTo(SetOptions.Condition.ALWAYS);
    assertThat(nx.condition()).isEqualTo(SetOptions.Condition.IF_ABSENT);
    assertThat(nx.ttl()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryPolicy_backoffDoublesUpToTheMaximum() {
    RetryPolicy policy = RetryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(20));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(40));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.backoff(100)).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void builder_badEndpoint_isNamed() {
    assertThatThrownBy(() -> CacheClient.builder().endpoints("127.0.0.1:7001,localhost"))
        .hasMessage("endpoints: 'localhost' is not host:port");
    assertThatThrownBy(() -> CacheClient.builder().endpoints("h:99999"))
        .hasMessage("endpoints: 'h:99999' is not host:port");
  }

  @Test
  void builder_nonPositiveTimeout_isRejected() {
    assertThatThrownBy(() -> CacheClient.builder().timeout(Duration.ZERO)).hasMessageContaining("timeout must be positive");
  }
}
