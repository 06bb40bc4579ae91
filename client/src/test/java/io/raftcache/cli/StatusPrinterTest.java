package io.raftcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.client.KeyspaceStats;
import io.raftcache.client.MemberStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPrinterTest {
  @Test
  void stats_showsMemoryAgainstTheLimit_theHitRatio_andEvictions_andADownMember() {
    MemberStatus leader = new MemberStatus("127.0.0.1:1", Optional.empty(), "n1", "az-a", "LEADER", "n1", true, 3, 10,
        10, 7, 182_028, 0, 0, new KeyspaceStats(63_709_800, 64_000_000, "allkeys-lru", 900, 100, 5, 1_817_972));
    MemberStatus fresh = new MemberStatus("127.0.0.1:2", Optional.empty(), "n2", "az-b", "FOLLOWER", "n1", false, 3,
        10, 10, 7, 0, 0, 0, new KeyspaceStats(0, 0, "noeviction", 0, 0, 0, 0));
    MemberStatus down = new MemberStatus("127.0.0.1:3", Optional.of("connection refused"), "n3", "az-c", "DOWN", "",
        false, 0, 0, 0, 0, 0, 0, 0, KeyspaceStats.NONE);
    StringWriter out = new StringWriter();

    StatusPrinter.stats(List.of(leader, fresh, down), new PrintWriter(out, true));

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).contains("USED_MEMORY", "MAX_MEMORY", "HIT_RATIO", "EVICTED");
    assertThat(lines.get(1)).contains("n1", "182028", "63709800", "64000000", "allkeys-lru", "90.0%", "1817972");
    assertThat(lines.get(2)).contains("n2", "none", "-"); // no limit, no lookups yet
    assertThat(lines.get(3)).contains("n3", "DOWN");
  }
}
