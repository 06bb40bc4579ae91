package io.raftcache.node.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.raftcache.proto.internal.EvictedKey;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvictionScannerTest {
  private static List<EvictedKey> victims(int count, int keyBytes) {
    return IntStream.range(0, count)
        .mapToObj(i -> EvictedKey.newBuilder().setKey(ByteString.copyFrom(new byte[keyBytes])).setVersion(i).build())
        .toList();
  }

  @Test
  void shortKeys_goInEntriesOfAThousand_allOfThem() {
    List<List<EvictedKey>> entries = EvictionScanner.entries(victims(2500, 16));
    assertThat(entries).extracting(List::size).containsExactly(1000, 1000, 500);
  }

  @Test
  void longKeys_goInEntriesOfAtMostOneMegabyte_andARoundStopsAt16() {
    List<List<EvictedKey>> entries = EvictionScanner.entries(victims(5000, 8192)); // 40 MB of keys
    assertThat(entries).allSatisfy(entry ->
        assertThat(entry.stream().mapToLong(EvictedKey::getSerializedSize).sum()).isLessThanOrEqualTo(1L << 20));
    long roundBytes = entries.stream().flatMap(List::stream).mapToLong(EvictedKey::getSerializedSize).sum();
    assertThat(roundBytes).isLessThanOrEqualTo(16L << 20).isGreaterThan(15L << 20);
  }
}
