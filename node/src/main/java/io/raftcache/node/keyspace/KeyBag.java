package io.raftcache.node.keyspace;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Keys in no order, for drawing one at random in constant time (what eviction samples from). Each
 * key's index lives in its entry; a removal moves the last key into the hole, so the keyspace is
 * told which key moved. Not part of the replicated state: its order depends on history.
 */
final class KeyBag {
  private Key[] keys = new Key[16];
  private int size;

  /** Adds {@code key}; returns its index. */
  int add(Key key) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
    }
    keys[size] = key;
    return size++;
  }

  /** Removes the key at {@code index}; returns the key now there (moved from the end), or null if none moved. */
  Key removeAt(int index) {
    Key last = keys[--size];
    keys[size] = null;
    if (index == size) {
      return null;
    }
    keys[index] = last;
    return last;
  }

  Key random(RandomGenerator random) {
    return size == 0 ? null : keys[random.nextInt(size)];
  }

  int size() {
    return size;
  }
}
