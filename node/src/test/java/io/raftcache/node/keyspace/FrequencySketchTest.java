package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrequencySketchTest {
  private final FrequencySketch sketch = new FrequencySketch();

  private static Key key(String name) {
    return Key.wrap(name.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void countsEachKeysRequests_upTo15() {
    for (int i = 0; i < 7; i++) {
      sketch.increment(key("seven"));
    }
    for (int i = 0; i < 40; i++) {
      sketch.increment(key("many"));
    }
    assertThat(sketch.estimate(key("seven"))).isEqualTo(7);
    assertThat(sketch.estimate(key("many"))).isEqualTo(15);
    assertThat(sketch.estimate(key("never"))).isZero();
  }

  @Test
  void keysItWasNotAskedFor_mostlyEstimateZero() {
    IntStream.range(0, 1000).forEach(i -> sketch.increment(key("key:" + i)));
    long misjudged = IntStream.range(0, 10_000).filter(i -> sketch.estimate(key("other:" + i)) > 0).count();
    assertThat(misjudged).as("of 10,000 keys never asked for").isLessThan(100);
  }

  @Test
  void halvesEveryCount_afterTenAdditionsPerKeyItHasRoomFor() {
    for (int i = 0; i < 8; i++) {
      sketch.increment(key("hot"));
    }
    int additions = 10 * 1024 - 8; // a new sketch has room for 1,024 keys
    for (int i = 0; i < additions - 1; i++) {
      sketch.increment(key("filler:" + i));
    }
    assertThat(sketch.estimate(key("hot"))).isGreaterThanOrEqualTo(8);
    sketch.increment(key("filler:last"));
    assertThat(sketch.estimate(key("hot"))).isBetween(4, 5);
  }

  @Test
  void aKeyspaceThatOutgrowsTheTable_getsAWiderOne_keepingTheCounts() {
    for (int i = 0; i < 6; i++) {
      sketch.increment(key("before"));
    }
    for (long keys = 2048; keys <= 131_072; keys *= 2) {
      sketch.ensureRoomFor(keys);
    }
    assertThat(sketch.estimate(key("before"))).isEqualTo(6);
    IntStream.range(0, 100_000).forEach(i -> sketch.increment(key("key:" + i)));
    long misjudged = IntStream.range(0, 10_000).filter(i -> sketch.estimate(key("other:" + i)) > 0).count();
    assertThat(misjudged).as("of 10,000 keys never asked for, with 100,000 others counted").isLessThan(200);
  }
}
