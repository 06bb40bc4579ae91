package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetValueTest {
  private static Key k(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void memberAt_isByteOrder_whateverTheOrderOfArrival_andFollowsLaterChanges() {
    List<Key> members = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      members.add(k("m" + i));
    }
    SetValue a = new SetValue();
    SetValue b = new SetValue();
    members.forEach(a::add);
    Collections.shuffle(members, new Random(3));
    members.forEach(b::add);
    a.memberAt(0); // a builds its index now, b only after the changes below

    for (int i = 0; i < 50; i++) {
      a.remove(k("m" + i * 3));
      b.remove(k("m" + i * 3));
      a.add(k("n" + i));
      b.add(k("n" + i));
    }

    List<Key> sorted = new ArrayList<>(a.members());
    Collections.sort(sorted);
    for (int rank = 0; rank < a.size(); rank++) {
      assertThat(a.memberAt(rank)).isEqualTo(sorted.get(rank));
      assertThat(b.memberAt(rank)).isEqualTo(sorted.get(rank));
    }
  }
}
