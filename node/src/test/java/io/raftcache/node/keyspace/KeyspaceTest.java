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
    RecordingSink sink = new RecordingSink();

    ks.drainChanges(sink);

    assertThat(sink.entries).containsOnlyKeys("a", "b");
    assertThat(((StringValue) sink.entries.get("a").value()).bytes()).isEqualTo("2".getBytes(StandardCharsets.UTF_8));
    assertThat(sink.entries.get("b")).isNull();
    RecordingSink again = new RecordingSink();
    ks.drainChanges(again);
    assertThat(again.entries).isEmpty();
  }

  @Test
  void drainChanges_reportsTouchedMembersOfACollection_andClearsOneThatWasReplacedOrRemoved() {
    Keyspace ks = new Keyspace();
    SetValue set = new SetValue();
    set.add(key("x"));
    set.add(key("y"));
    ks.put(key("s"), new Entry(set, 1, 0));
    ks.memberChanged(key("s"), key("x"));
    ks.memberChanged(key("s"), key("y"));
    ks.drainChanges(new RecordingSink());

    set.remove(key("x"));
    ks.memberChanged(key("s"), key("x"));
    ks.put(key("s"), new Entry(set, 2, 0));
    RecordingSink inPlace = new RecordingSink();
    ks.drainChanges(inPlace);
    assertThat(inPlace.members).containsExactly("s/x=null");
    assertThat(inPlace.cleared).isEmpty();

    ks.put(key("s"), entry("now a string", 3, 0));
    RecordingSink replaced = new RecordingSink();
    ks.drainChanges(replaced);
    assertThat(replaced.cleared).containsExactly("s");
    assertThat(replaced.members).isEmpty();
  }

  @Test
  void digest_followsMembersChangedInPlace() {
    Keyspace ks = new Keyspace();
    HashValue hash = new HashValue();
    hash.put(key("f"), "1".getBytes(StandardCharsets.UTF_8));
    ks.put(key("h"), new Entry(hash, 1, 0));
    long before = ks.digest();

    hash.put(key("f"), "2".getBytes(StandardCharsets.UTF_8));
    ks.put(key("h"), new Entry(hash, 1, 0));
    long changed = ks.digest();
    hash.put(key("f"), "1".getBytes(StandardCharsets.UTF_8));
    ks.put(key("h"), new Entry(hash, 1, 0));

    assertThat(changed).isNotEqualTo(before);
    assertThat(ks.digest()).isEqualTo(before);
  }

  @Test
  void scan_resumesAfterTheCursor_examiningAtMostCountKeys() {
    Keyspace ks = new Keyspace();
    for (String k : List.of("user:1", "user:2", "order:1", "user:3", "zz")) {
      ks.put(key(k), entry("v", 1, 0));
    }
    ks.put(key("user:0"), entry("v", 1, 50)); // expired at time 100
    GlobPattern users = GlobPattern.compile("user:*");

    Keyspace.ScanPage first = ks.scan(null, 3, 100, users);
    Keyspace.ScanPage second = ks.scan(first.resumeAfter(), 3, 100, users);

    assertThat(first.keys()).extracting(Key::toString).containsExactly("user:1");
    assertThat(second.keys()).extracting(Key::toString).containsExactly("user:2", "user:3");
    assertThat(second.resumeAfter()).isNull();
  }

  /** Records what a drain reports, by key name. */
  private static final class RecordingSink implements Keyspace.ChangeSink {
    final Map<String, Entry> entries = new HashMap<>();
    final List<String> cleared = new ArrayList<>();
    final List<String> members = new ArrayList<>();

    @Override
    public void entry(Key key, Entry entry) {
      entries.put(key.toString(), entry);
    }

    @Override
    public void membersCleared(Key key) {
      cleared.add(key.toString());
    }

    @Override
    public void member(Key key, Key member, byte[] stored) {
      members.add(key + "/" + member + "=" + (stored == null ? "null" : "present"));
    }
  }
}
