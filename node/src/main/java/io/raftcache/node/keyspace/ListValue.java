package io.raftcache.node.keyspace;

import java.nio.ByteBuffer;
import java.util.AbstractList;
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
    elements[slot] = element;
    addToHash(elementHash(positions[slot], element));
  }

  /** Removes the element at {@code index}; the ones after it move forward (none at either end). */
  public void remove(int index) {
    int slot = slot(index);
    addToHash(-elementHash(positions[slot], elements[slot]));
    if (index == 0) {
      elements[slot] = null;
      head = (head + 1) % elements.length;
      size--;
      return;
    }
    for (int i = index; i < size - 1; i++) {
      int to = slot(i);
      int from = slot(i + 1);
      positions[to] = positions[from];
      elements[to] = elements[from];
    }
    elements[slot(size - 1)] = null;
    size--;
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

  @Override
  public byte[] storedMember(Key member) {
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
  }

  private void grow() {
    if (size < elements.length) {
      return;
    }
    long[] newPositions = new long[elements.length * 2];
    Key[] newElements = new Key[elements.length * 2];
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
