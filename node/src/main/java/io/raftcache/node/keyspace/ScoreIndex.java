package io.raftcache.node.keyspace;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The order of a sorted set: a skip list with span counts, as Redis's zskiplist, ordered by score
 * ascending, then by member bytes unsigned. Finding a pair's rank or the element at a rank takes
 * O(log n). A score of -0.0 is stored as 0.0.
 *
 * <p>Not thread-safe. Iterators must not be used after the index changes.
 */
public final class ScoreIndex {
  private static final int MAX_LEVEL = 32;
  // Fixed so that the shape of the list is reproducible; results never depend on it.
  private static final long SEED = 0x2545F4914F6CDD1DL;

  private final SplittableRandom random = new SplittableRandom(SEED);
  private final Node head = new Node(null, 0, MAX_LEVEL);
  private Node tail;
  private int level = 1;
  private int size;

  private static final class Node {
    final Key member;
    final double score;
    final Node[] forward;
    // span[i]: how many ranks forward[i] is ahead of this node
    final int[] span;
    Node backward;

    Node(Key member, double score, int level) {
      this.member = member;
      this.score = score;
      this.forward = new Node[level];
      this.span = new int[level];
    }
  }

  /** An empty index. */
  public ScoreIndex() {}

  /** Adds the pair; the caller guarantees that {@code member} is absent and the score not NaN. */
  public void insert(Key member, double score) {
    score += 0.0; // -0.0 becomes 0.0
    int newLevel = randomLevel();
    int top = Math.max(level, newLevel);
    Node[] update = new Node[top];
    int[] rank = new int[top]; // rank of update[i], counting the head as 0
    Node x = head;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = i == level - 1 ? 0 : rank[i + 1];
      while (x.forward[i] != null && compare(x.forward[i], score, member) < 0) {
        rank[i] += x.span[i];
        x = x.forward[i];
      }
      update[i] = x;
    }
    for (int i = level; i < newLevel; i++) {
      update[i] = head;
      head.span[i] = size;
    }
    level = top;

    Node node = new Node(member, score, newLevel);
    for (int i = 0; i < newLevel; i++) {
      node.forward[i] = update[i].forward[i];
      update[i].forward[i] = node;
      node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (int i = newLevel; i < level; i++) {
      update[i].span[i]++;
    }
    node.backward = update[0] == head ? null : update[0];
    if (node.forward[0] != null) {
      node.forward[0].backward = node;
    } else {
      tail = node;
    }
    size++;
  }

  /** Removes the pair; returns false, changing nothing, if it is absent. */
  public boolean remove(Key member, double score) {
    Node[] update = new Node[level];
    Node x = head;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && compare(x.forward[i], score, member) < 0) {
        x = x.forward[i];
      }
      update[i] = x;
    }
    x = x.forward[0];
    if (x == null || compare(x, score, member) != 0) {
      return false;
    }
    for (int i = 0; i < level; i++) {
      if (update[i].forward[i] == x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].forward[i] = x.forward[i];
      } else {
        update[i].span[i]--;
      }
    }
    if (x.forward[0] != null) {
      x.forward[0].backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && head.forward[level - 1] == null) {
      level--;
    }
    size--;
    return true;
  }

  /** The 0-based rank of the pair in ascending order, or -1 if it is absent. */
  public long rank(Key member, double score) {
    Node x = head;
    long traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && compare(x.forward[i], score, member) <= 0) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (x != head && compare(x, score, member) == 0) {
        return traversed - 1;
      }
    }
    return -1;
  }

  /** How many pairs the index holds. */
  public int size() {
    return size;
  }

  /**
   * How many pairs have a score below {@code score}, or at most {@code score} if {@code
   * inclusive}: the rank of the first pair past that bound.
   */
  public long countBelow(double score, boolean inclusive) {
    Node x = head;
    long traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null
          && (x.forward[i].score < score || inclusive && x.forward[i].score == score)) {
        traversed += x.span[i];
        x = x.forward[i];
      }
    }
    return traversed;
  }

  /** The pair at the 0-based {@code rank}; throws IndexOutOfBoundsException outside [0, size). */
  public ScoredMember byRank(long rank) {
    if (rank < 0 || rank >= size) {
      throw new IndexOutOfBoundsException("rank " + rank + " outside [0, " + size + ")");
    }
    Node x = nodeAt(rank);
    return new ScoredMember(x.member, x.score);
  }

  /**
   * The pairs from {@code rank} to the last, ascending; empty if {@code rank} equals the size.
   * Throws IndexOutOfBoundsException outside [0, size].
   */
  public Iterator<ScoredMember> ascendingFrom(long rank) {
    if (rank < 0 || rank > size) {
      throw new IndexOutOfBoundsException("rank " + rank + " outside [0, " + size + "]");
    }
    return rank == size ? Collections.emptyIterator() : new Walk(nodeAt(rank), true);
  }

  /**
   * The pairs from {@code rank} down to rank 0, descending; empty if {@code rank} is -1. Throws
   * IndexOutOfBoundsException outside [-1, size).
   */
  public Iterator<ScoredMember> descendingFrom(long rank) {
    if (rank < -1 || rank >= size) {
      throw new IndexOutOfBoundsException("rank " + rank + " outside [-1, " + size + ")");
    }
    if (rank == -1) {
      return Collections.emptyIterator();
    }
    return new Walk(rank == size - 1 ? tail : nodeAt(rank), false);
  }

  private Node nodeAt(long rank) {
    long target = rank + 1; // the head is rank 0 in span counts
    Node x = head;
    long traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward[i] != null && traversed + x.span[i] <= target) {
        traversed += x.span[i];
        x = x.forward[i];
      }
      if (traversed == target) {
        return x;
      }
    }
    throw new AssertionError("spans do not add up to rank " + rank);
  }

  private int randomLevel() {
    int lvl = 1;
    while (lvl < MAX_LEVEL && (random.nextInt() & 3) == 0) {
      lvl++;
    }
    return lvl;
  }

  // Scores are never NaN, so < and == order them and make -0.0 equal to 0.0.
  private static int compare(Node x, double score, Key member) {
    if (x.score < score) {
      return -1;
    }
    if (x.score > score) {
      return 1;
    }
    return x.member.compareTo(member);
  }

  private static final class Walk implements Iterator<ScoredMember> {
    private final boolean ascending;
    private Node next;

    Walk(Node first, boolean ascending) {
      this.next = first;
      this.ascending = ascending;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public ScoredMember next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Node current = next;
      next = ascending ? current.forward[0] : current.backward;
      return new ScoredMember(current.member, current.score);
    }
  }
}
