package io.raftcache.node.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListValueTest {
  private static Key k(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pushesPopsSetsAndRemovals_matchAPlainList_throughRingWrapsAndGrowth() {
    Random random = new Random(11);
    ListValue list = new ListValue();
    List<Key> model = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      Key element = k("e" + random.nextInt(50));
      switch (random.nextInt(6)) {
        case 0 -> {
          list.addFirst(element);
          model.add(0, element);
        }
        case 1, 2 -> {
          list.addLast(element);
          model.add(element);
        }
        case 3 -> {
          if (!model.isEmpty()) {
            int index = random.nextInt(model.size());
            list.set(index, element);
            model.set(index, element);
          }
        }
        case 4 -> {
          if (!model.isEmpty()) {
            boolean first = random.nextBoolean();
            list.removeEnd(first);
            model.remove(first ? 0 : model.size() - 1);
          }
        }
        default -> {
          int limit = 1 + random.nextInt(3);
          boolean fromBack = random.nextBoolean();
          List<Key> names = list.removeMatching(element, limit, fromBack);
          int removed = 0;
          for (int n = 0; n < model.size() && removed < limit; ) {
            int index = fromBack ? model.size() - 1 - n : n;
            if (model.get(index).equals(element)) {
              model.remove(index); // the next candidate now has the same n, from either end
              removed++;
            } else {
              n++;
            }
          }
          assertThat(names).hasSize(removed).doesNotHaveDuplicates().allMatch(name -> list.storedMember(name) == null);
        }
      }
      assertThat(list.size()).isEqualTo(model.size());
    }
    assertThat(list.elements()).containsExactlyElementsOf(model);
  }

  @Test
  void restoringTheStoredRecords_inAnyOrder_givesTheSameListAndHash() {
    ListValue list = new ListValue();
    for (int i = 0; i < 40; i++) {
      if (i % 3 == 0) {
        list.addFirst(k("front" + i));
      } else {
        list.addLast(k("back" + i));
      }
    }
    list.removeMatching(list.get(17), 1, false); // a gap in the positions
    list.set(3, k("changed"));

    List<Key> names = new ArrayList<>(list.memberKeys());
    Collections.shuffle(names, new Random(5));
    ListValue restored = new ListValue();
    for (Key name : names) {
      restored.restoreMember(name, list.storedMember(name));
    }

    assertThat(restored.elements()).containsExactlyElementsOf(list.elements());
    assertThat(restored.contentHash()).isEqualTo(list.contentHash());
    assertThat(restored.memberKeys()).containsExactlyElementsOf(list.memberKeys());
  }

  @Test
  void aRemovedElementsRecord_isGone_andTheOthersKeepTheirNames() {
    ListValue list = new ListValue();
    list.addLast(k("a"));
    list.addLast(k("b"));
    list.addLast(k("c"));
    Key nameOfB = list.memberKey(1);
    Key nameOfC = list.memberKey(2);

    assertThat(list.removeMatching(k("b"), 1, false)).containsExactly(nameOfB);

    assertThat(list.storedMember(nameOfB)).isNull();
    assertThat(list.memberKey(1)).isEqualTo(nameOfC);
    assertThat(list.storedMember(nameOfC)).isEqualTo("c".getBytes(StandardCharsets.UTF_8));
    assertThat(list.storedMember(k("field"))).as("a name of another type's member").isNull();
  }
}
