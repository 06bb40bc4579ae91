package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScoreIndexTest {
  // The index's order; scores are normalised first, so -0.0 and 0.0 never meet here.
  private static final Comparator<ScoredMember> ORDER =
      Comparator.comparingDouble(ScoredMember::score).thenComparing(ScoredMember::member);

  private static final double[] SCORES = {
    Double.NEGATIVE_INFINITY, -1e300, -2.5, -1, -0.0, 0.0, Double.MIN_VALUE, 0.5, 1, 3, 1e300,
    Double.POSITIVE_INFINITY
  };

  private static Key key(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Key key(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Key.wrap(b);
  }

  private static Key intKey(int i) {
    return key(i >>> 24, i >>> 16, i >>> 8, i);
  }

  private static List<ScoredMember> drain(Iterator<ScoredMember> it) {
    List<ScoredMember> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void randomInsertsAndRemoves_matchASortedReference() {
    SplittableRandom rnd = new SplittableRandom(42);
    Set<Key> universe = new LinkedHashSet<>();
    while (universe.size() < 2_000) {
      byte[] b = new byte[rnd.nextInt(4)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) rnd.nextInt(256);
      }
      universe.add(Key.wrap(b));
    }
    List<Key> members = new ArrayList<>(universe);
    ScoreIndex index = new ScoreIndex();
    NavigableSet<ScoredMember> model = new TreeSet<>(ORDER);
    Map<Key, Double> scores = new HashMap<>();

    for (int op = 0; op < 20_000; op++) {
      // grow, shrink to a few, then grow again
      double grow = op < 8_000 ? 0.8 : op < 14_000 ? 0.03 : 0.6;
      Key member = members.get(rnd.nextInt(members.size()));
      Double current = scores.get(member);
      if (current == null && rnd.nextDouble() < grow) {
        double score = randomScore(rnd);
        index.insert(member, score);
        model.add(new ScoredMember(member, score + 0.0));
        scores.put(member, score);
      } else if (current != null && rnd.nextDouble() >= grow) {
        // either zero names the pair
        double score = current == 0 && rnd.nextBoolean() ? -current : current;
        assertThat(index.remove(member, score)).isTrue();
        model.remove(new ScoredMember(member, current + 0.0));
        scores.remove(member);
      } else if (current != null) {
        assertThat(index.remove(member, current == 1 ? 3 : 1)).isFalse();
      }
      if (op % 500 == 499) {
        checkAgainstModel(index, model, rnd);
      }
    }
  }

  private static double randomScore(SplittableRandom rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> SCORES[rnd.nextInt(SCORES.length)];
      case 1 -> rnd.nextInt(-20, 21);
      default -> rnd.nextDouble(-1e6, 1e6);
    };
  }

  private static void checkAgainstModel(
      ScoreIndex index, NavigableSet<ScoredMember> model, SplittableRandom rnd) {
    List<ScoredMember> sorted = new ArrayList<>(model);
    int n = sorted.size();
    assertThat(index.size()).isEqualTo(n);
    assertThat(drain(index.ascendingFrom(0))).isEqualTo(sorted);
    List<ScoredMember> reversed = new ArrayList<>(sorted);
    Collections.reverse(reversed);
    assertThat(drain(index.descendingFrom(n - 1))).isEqualTo(reversed);
    assertThat(drain(index.ascendingFrom(n))).isEmpty();
    assertThat(drain(index.descendingFrom(-1))).isEmpty();

    for (int r = 0; r < n; r++) {
      ScoredMember m = sorted.get(r);
      assertThat(index.byRank(r)).isEqualTo(m);
      assertThat(index.rank(m.member(), m.score())).isEqualTo(r);
    }
    for (int i = 0; i < 20 && n > 0; i++) {
      int r = rnd.nextInt(n);
      assertThat(drain(index.ascendingFrom(r))).isEqualTo(sorted.subList(r, n));
      assertThat(drain(index.descendingFrom(r))).isEqualTo(reversed.subList(n - 1 - r, n));
    }

    List<Double> bounds = new ArrayList<>();
    for (double s : SCORES) {
      bounds.add(s);
    }
    for (int i = 0; i < 20; i++) {
      bounds.add(randomScore(rnd));
      if (n > 0) {
        bounds.add(sorted.get(rnd.nextInt(n)).score());
      }
    }
    for (double bound : bounds) {
      long below = sorted.stream().filter(m -> m.score() < bound).count();
      long atMost = sorted.stream().filter(m -> m.score() <= bound).count();
      assertThat(index.countBelow(bound, false)).as("below %s", bound).isEqualTo(below);
      assertThat(index.countBelow(bound, true)).as("at most %s", bound).isEqualTo(atMost);
    }
  }

  @Test
  void equalScores_orderByMemberBytesUnsigned() {
    ScoreIndex index = new ScoreIndex();
    index.insert(key(0x80), 1);
    index.insert(key(0x7f, 0xff), 1);
    index.insert(key(0x7f), 1);
    index.insert(key(), 1);
    index.insert(key(0xff), 0.5);

    assertThat(drain(index.ascendingFrom(0)))
        .containsExactly(
            new ScoredMember(key(0xff), 0.5),
            new ScoredMember(key(), 1),
            new ScoredMember(key(0x7f), 1),
            new ScoredMember(key(0x7f, 0xff), 1),
            new ScoredMember(key(0x80), 1));
    assertThat(index.rank(key(0x80), 1)).isEqualTo(4);
  }

  @Test
  void negativeZero_isTheSameScoreAsZero() {
    ScoreIndex index = new ScoreIndex();
    index.insert(key("b"), -0.0);
    index.insert(key("a"), 0.0);
    index.insert(key("c"), -Double.MIN_VALUE);

    assertThat(drain(index.ascendingFrom(0)))
        .containsExactly(
            new ScoredMember(key("c"), -Double.MIN_VALUE),
            new ScoredMember(key("a"), 0.0),
            new ScoredMember(key("b"), 0.0));
    assertThat(index.rank(key("b"), 0.0)).isEqualTo(2);
    assertThat(index.countBelow(-0.0, false)).isEqualTo(1);
    assertThat(index.countBelow(0.0, true)).isEqualTo(3);
    assertThat(index.remove(key("a"), -0.0)).isTrue();
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void remove_ofAbsentPair_returnsFalseAndChangesNothing() {
    ScoreIndex index = new ScoreIndex();
    index.insert(key("a"), 1);
    index.insert(key("b"), 2);

    assertThat(index.remove(key("a"), 2)).isFalse();
    assertThat(index.remove(key("c"), 1)).isFalse();
    assertThat(new ScoreIndex().remove(key("a"), 1)).isFalse();

    assertThat(index.size()).isEqualTo(2);
    assertThat(drain(index.ascendingFrom(0)))
        .containsExactly(new ScoredMember(key("a"), 1), new ScoredMember(key("b"), 2));
  }

  @Test
  void rank_ofAbsentPair_isMinusOne() {
    ScoreIndex index = new ScoreIndex();
    assertThat(index.rank(key("a"), 1)).isEqualTo(-1);
    index.insert(key("a"), 1);

    assertThat(index.rank(key("a"), 2)).isEqualTo(-1);
    assertThat(index.rank(key("b"), 1)).isEqualTo(-1);
    assertThat(index.rank(key("a"), 1)).isZero();
  }

  @Test
  void byRank_outsideTheIndex_throws() {
    ScoreIndex index = new ScoreIndex();
    assertThatThrownBy(() -> index.byRank(0)).isInstanceOf(IndexOutOfBoundsException.class);
    index.insert(key("a"), 1);

    assertThatThrownBy(() -> index.byRank(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> index.byRank(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> index.ascendingFrom(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> index.descendingFrom(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void removingEverything_leavesAnIndexThatStillWorks() {
    ScoreIndex index = new ScoreIndex();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      index.insert(intKey(i), i % 10);
      order.add(i);
    }
    Collections.shuffle(order, new Random(7));
    for (int i : order) {
      assertThat(index.remove(intKey(i), i % 10)).isTrue();
    }

    assertThat(index.size()).isZero();
    assertThat(index.countBelow(Double.POSITIVE_INFINITY, true)).isZero();
    assertThat(index.ascendingFrom(0).hasNext()).isFalse();
    assertThat(index.descendingFrom(-1).hasNext()).isFalse();

    index.insert(key("b"), 1);
    index.insert(key("a"), 2);
    assertThat(drain(index.descendingFrom(1))).extracting(ScoredMember::member)
        .containsExactly(key("a"), key("b"));
  }

  @Test
  void aMillionMembers_rankAndByRankAreLogarithmic() {
    int n = 1_000_000;
    SplittableRandom rnd = new SplittableRandom(1);
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = rnd.nextInt(200_000) / 4.0; // many ties
    }
    ScoreIndex index = new ScoreIndex();
    // a linear insert would not finish; fail rather than hang
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < n; i++) {
        index.insert(intKey(i), scores[i]);
      }
    });
    assertThat(index.size()).isEqualTo(n);

    // linear lookups would take some 10^11 steps; these take about a second
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      long sum = 0;
      for (int i = 0; i < 200_000; i++) {
        int j = rnd.nextInt(n);
        sum += index.rank(intKey(j), scores[j]);
      }
      for (int i = 0; i < 200_000; i++) {
        sum += index.byRank(rnd.nextLong(n)).member().length();
      }
      for (int i = 0; i < 200_000; i++) {
        sum += index.countBelow(scores[rnd.nextInt(n)], rnd.nextBoolean());
      }
      assertThat(sum).isPositive();
    });

    for (int i = 0; i < 5_000; i++) {
      long r = rnd.nextLong(n);
      ScoredMember m = index.byRank(r);
      assertThat(index.rank(m.member(), m.score())).isEqualTo(r);

      long below = index.countBelow(m.score(), false);
      long atMost = index.countBelow(m.score(), true);
      assertThat(r).isBetween(below, atMost - 1);
      assertThat(index.byRank(below).score()).isEqualTo(m.score());
      assertThat(index.byRank(atMost - 1).score()).isEqualTo(m.score());
      if (below > 0) {
        assertThat(index.byRank(below - 1).score()).isLessThan(m.score());
      }
      if (atMost < n) {
        assertThat(index.byRank(atMost).score()).isGreaterThan(m.score());
      }

      int j = rnd.nextInt(n);
      assertThat(index.byRank(index.rank(intKey(j), scores[j])).member()).isEqualTo(intKey(j));
    }

    Iterator<ScoredMember> it = index.ascendingFrom(0);
    ScoredMember previous = it.next();
    int count = 1;
    while (it.hasNext()) {
      ScoredMember m = it.next();
      assertThat(ORDER.compare(previous, m)).isNegative();
      previous = m;
      count++;
    }
    assertThat(count).isEqualTo(n);
  }
}
