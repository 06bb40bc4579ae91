package io.raftcache.node.keyspace;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A list of elements, cheap to grow and shrink at both ends (a ring of slots). Each element has a
 * position that never changes while it is in the list: a push to the front takes one below the
 * first, a push to the back one above the last, so removing an element (LREM, LTRIM) leaves the
 * others' positions, and their stored records, alone. The position, as 8 bytes that sort as it
 * does, is the element's member name in storage.
 */
public final class ListValue extends CollectionValue {
  private static final int INITIAL_SLOTS = 8;

  private long[] positions = new long[INITIAL_SLOTS];
  private Key[] elements = new Key[INITIAL_SLOTS];
  /** The slot of element 0. */
  private int head;
  private int size;

  @Override
  public Kind kind() {
    return Kind.LIST;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  protected long emptyMemory() {
    return MemoryModel.emptyList();
  }

  /** The element at {@code index} (0 is the front); the caller checks the range. */
  public Key get(int index) {
    return elements[slot(index)];
  }

  public void addFirst(Key element) {
    long position = size == 0 ? 0 : positions[head] - 1;
    grow();
    head = (head - 1 + elements.length) % elements.length;
    place(head, position, element);
  }

  public void addLast(Key element) {
    insert(size, size == 0 ? 0 : positions[slot(size - 1)] + 1, element);
  }

  /** Replaces the element at {@code index}; it keeps its position. */
  public void set(int index, Key element) {
    int slot = slot(index);
    addToHash(-elementHash(positions[slot], elements[slot]));
    addToMemory(MemoryModel.listElement(element) - MemoryModel.listElement(elements[slot]));
    elements[slot] = element;
    addToHash(elementHash(positions[slot], element));
  }

  /** Removes the first or the last element. */
  public void removeEnd(boolean first) {
    int slot = slot(first ? 0 : size - 1);
    addToHash(-elementHash(positions[slot], elements[slot]));
    addToMemory(-MemoryModel.listElement(elements[slot]));
    elements[slot] = null;
    if (first) {
      head = (head + 1) % elements.length;
    }
    size--;
    shrink();
  }

  /**
   * Removes up to {@code limit} elements equal to {@code element}, counting from the front or the
   * back, in one pass that closes the gaps; returns the member names of those removed.
   */
  public List<Key> removeMatching(Key element, long limit, boolean fromBack) {
    List<Key> removed = new ArrayList<>();
    boolean[] gone = new boolean[size];
    for (int n = 0; n < size && removed.size() < limit; n++) {
      int index = fromBack ? size - 1 - n : n;
      if (get(index).equals(element)) {
        gone[index] = true;
        removed.add(memberKey(index));
        addToHash(-elementHash(positions[slot(index)], element));
        addToMemory(-MemoryModel.listElement(element));
      }
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!gone[i]) {
        int from = slot(i);
        int to = slot(kept++);
        positions[to] = positions[from];
        elements[to] = elements[from];
      }
    }
    for (int i = kept; i < size; i++) {
      elements[slot(i)] = null;
    }
    size = kept;
    shrink();
    return removed;
  }

  /** The member name under which the element at {@code index} is stored. */
  public Key memberKey(int index) {
    return positionKey(positions[slot(index)]);
  }

  /** The elements, front to back; read-only, and only valid until the list changes. */
  public List<Key> elements() {
    return new AbstractList<>() {
      @Override
      public Key get(int index) {
        return ListValue.this.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Collection<Key> memberKeys() {
    return new AbstractList<>() {
      @Override
      public Key get(int index) {
        return memberKey(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /**
   * Null for a name that is no element's, which includes the names of another collection's
   * members: a key that held a hash earlier in the same entry reports its fields here.
   */
  @Override
  public byte[] storedMember(Key member) {
    if (member.length() != Long.BYTES) {
      return null;
    }
    int index = indexOf(positionOf(member));
    return index < 0 ? null : get(index).bytes();
  }

  @Override
  public void restoreMember(Key member, byte[] stored) {
    long position = positionOf(member);
    int index = indexOf(position);
    if (index >= 0) {
      set(index, Key.wrap(stored));
    } else {
      insert(-index - 1, position, Key.wrap(stored)); // records come in position order: normally the last
    }
  }

  /** The index of the element at {@code position}, or (-insertion point - 1) as binary search answers. */
  private int indexOf(long position) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long at = positions[slot(mid)];
      if (at < position) {
        low = mid + 1;
      } else if (at > position) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -low - 1;
  }

  /** Puts the element at {@code index}, moving the ones from there on one place back. */
  private void insert(int index, long position, Key element) {
    grow();
    for (int i = size; i > index; i--) {
      positions[slot(i)] = positions[slot(i - 1)];
      elements[slot(i)] = elements[slot(i - 1)];
    }
    place(slot(index), position, element);
  }

  private void place(int slot, long position, Key element) {
    positions[slot] = position;
    elements[slot] = element;
    size++;
    addToHash(elementHash(position, element));
    addToMemory(MemoryModel.listElement(element));
  }

  private void grow() {
    if (size == elements.length) {
      resize(elements.length * 2);
    }
  }

  /** A list that was long and is now short gives the space back. */
  private void shrink() {
    if (elements.length > INITIAL_SLOTS && size < elements.length / 4) {
      resize(elements.length / 2);
    }
  }

  private void resize(int slots) {
    long[] newPositions = new long[slots];
    Key[] newElements = new Key[slots];
    for (int i = 0; i < size; i++) {
      newPositions[i] = positions[slot(i)];
      newElements[i] = elements[slot(i)];
    }
    positions = newPositions;
    elements = newElements;
    head = 0;
  }

  private int slot(int index) {
    return (head + index) % elements.length;
  }

  private static long elementHash(long position, Key element) {
    return memberHash(positionKey(position), Hashing.hash(element.bytes(), 5));
  }

  /** 8 bytes, big-endian with the sign bit flipped, so unsigned byte order is numeric order. */
  static Key positionKey(long position) {
    return Key.wrap(ByteBuffer.allocate(Long.BYTES).putLong(position ^ Long.MIN_VALUE).array());
  }

  private static long positionOf(Key member) {
    if (member.length() != Long.BYTES) {
      throw new IllegalArgumentException("a list member record is named by 8 bytes, not " + member.length()
          + ": " + Arrays.toString(member.bytes()));
    }
    return ByteBuffer.wrap(member.bytes()).getLong() ^ Long.MIN_VALUE;
  }
}
