package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyspaceTest {
  private static Key key(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Entry entry(String value, long version, long expiresAt) {
    return new Entry(value.getBytes(StandardCharsets.UTF_8), version, expiresAt);
  }

  @Test
  void digest_independentOfTheOrderEntriesWereStored() {
    Keyspace forward = new Keyspace();
    Keyspace backward = new Keyspace();
    for (int i = 0; i < 100; i++) {
      forward.put(key("k" + i), entry("v" + i, i, 0));
      backward.put(key("k" + (99 - i)), entry("v" + (99 - i), 99 - i, 0));
    }

    assertThat(backward.digest()).isEqualTo(forward.digest());
  }

  @Test
  void digest_afterRemovingWhatWasAdded_isTheEmptyDigest() {
    Keyspace ks = new Keyspace();
    long empty = ks.digest();
    ks.put(key("a"), entry("1", 1, 0));
    ks.put(key("a"), entry("2", 2, 5_000));
    assertThat(ks.digest()).isNotEqualTo(empty);

    ks.remove(key("a"));

    assertThat(ks.digest()).isEqualTo(empty);
  }

  @Test
  void digest_seesValueVersionAndExpiry() {
    List<Long> digests = new ArrayList<>();
    for (Entry e : List.of(entry("v", 1, 0), entry("w", 1, 0), entry("v", 2, 0), entry("v", 1, 9))) {
      Keyspace ks = new Keyspace();
      ks.put(key("k"), e);
      digests.add(ks.digest());
    }

    assertThat(digests).doesNotHaveDuplicates();
  }

  @Test
  void expiredAt_listsDueKeysEarliestFirstUpToTheLimit() {
    Keyspace ks = new Keyspace();
    ks.put(key("late"), entry("x", 1, 300));
    ks.put(key("early"), entry("x", 1, 100));
    ks.put(key("never"), entry("x", 1, Entry.NO_EXPIRY));
    ks.put(key("middle"), entry("x", 1, 200));

    assertThat(ks.expiredAt(250, 10)).extracting(d -> d.key().toString()).containsExactly("early", "middle");
    assertThat(ks.expiredAt(1_000, 2)).extracting(d -> d.key().toString()).containsExactly("early", "middle");
  }

  @Test
  void expiredAt_forgetsTheOldDeadlineWhenAKeyIsReplaced() {
    Keyspace ks = new Keyspace();
    ks.put(key("k"), entry("x", 1, 100));
    ks.put(key("k"), entry("y", 2, Entry.NO_EXPIRY));

    assertThat(ks.expiredAt(1_000, 10)).isEmpty();
  }

  @Test
  void getLive_hidesAnExpiredEntryThatGetStoredStillHolds() {
    Keyspace ks = new Keyspace();
    ks.put(key("k"), entry("x", 1, 100));

    assertThat(ks.getLive(key("k"), 99)).isNotNull();
    assertThat(ks.getLive(key("k"), 100)).isNull();
    assertThat(ks.getStored(key("k"))).isNotNull();
  }

  @Test
  void drainChanges_passesEachChangedKeyOnceWithItsLatestEntry() {
    Keyspace ks = new Keyspace();
    ks.put(key("a"), entry("1", 1, 0));
    ks.put(key("a"), entry("2", 2, 0));
    ks.put(key("b"), entry("1", 3, 0));
    ks.remove(key("b"));
    Map<String, Entry> drained = new HashMap<>();

    ks.drainChanges((k, e) -> drained.put(k.toString(), e));

    assertThat(drained).containsOnlyKeys("a", "b");
    assertThat(new String(drained.get("a").value(), StandardCharsets.UTF_8)).isEqualTo("2");
    assertThat(drained.get("b")).isNull();
    ks.drainChanges((k, e) -> drained.put("again", e));
    assertThat(drained).doesNotContainKey("again");
  }
}
