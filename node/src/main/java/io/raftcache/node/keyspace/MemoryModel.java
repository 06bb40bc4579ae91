package io.raftcache.node.keyspace;

/**
 * What the keyspace's structures take on the heap, by a model rather than by measuring: a 64-bit
 * JVM with compressed references (the default below 32 GiB), objects aligned to 8 bytes. The same
 * state gives the same number on every replica, whatever order it was built in, so the leader's
 * eviction decisions and every node's {@code used_memory} agree. Hash tables and the list's ring
 * are counted at their average fill rather than their exact capacity, which depends on history.
 * Measured against the heap in {@code MemoryModelCheck} (docs/memory.md).
 */
public final class MemoryModel {
  /** An object header (12) plus its fields, aligned. */
  private static final long KEY_OBJECT = 24; // header, byte[] ref, cached hash
  private static final long ARRAY_HEADER = 16;
  /** HashMap.Node (32) plus the table slot pointing at it, at the table's average fill (~2 slots). */
  private static final long HASH_ENTRY = 40;
  /** TreeMap.Entry: header, key, value, left, right, parent, colour. */
  private static final long TREE_ENTRY = 40;
  /** Entry: header, value ref, version, deadline, content hash, accounted size, bag slots, last use, frequency. */
  private static final long ENTRY_OBJECT = 72;
  /** A key's place in a bag of keys (a reference at the array's average fill, 1.5 slots). */
  private static final long BAG_SLOT = 6;
  /** StringValue: header and the byte[] ref. */
  private static final long STRING_OBJECT = 16;
  /** A Deadline record (header, deadline, key ref) and its node in the deadline index. */
  private static final long DEADLINE = 24 + TREE_ENTRY;
  /** A collection object with its HashMap (object and an initial table). */
  private static final long COLLECTION_OBJECT = 32 + 48 + 80;
  /**
   * A sorted set adds its skip list: the index object, its generator, and a head node with
   * forward and span arrays of the maximum level (32).
   */
  private static final long SKIP_LIST_OBJECT = 32 + 24 + 40 + 2 * (ARRAY_HEADER + 32 * 4);
  /** A sorted set's skip-list node, its forward and span arrays at the average level (4/3), and the boxed score. */
  private static final long SKIP_LIST_NODE = 40 + 24 + 24 + 16;
  /** One slot of a list's ring (a long position and a reference) at the average fill (1.5 slots). */
  private static final long LIST_SLOT = 18;
  /** A list object with its two arrays of 8 slots. */
  private static final long LIST_OBJECT = 32 + (ARRAY_HEADER + 64) + (ARRAY_HEADER + 32);

  private MemoryModel() {}

  /** A byte[] of {@code length}. */
  public static long array(long length) {
    return align(ARRAY_HEADER + length);
  }

  /** A key object and its bytes. */
  public static long key(Key key) {
    return KEY_OBJECT + array(key.length());
  }

  /** One key of the keyspace: its map entry, its place in the key order, the entry, its deadline; not its value. */
  static long entry(Key key, Entry entry) {
    return HASH_ENTRY + TREE_ENTRY + key(key) + ENTRY_OBJECT + BAG_SLOT + (entry.hasExpiry() ? DEADLINE + BAG_SLOT : 0)
        + entry.value().memoryBytes();
  }

  static long string(int length) {
    return STRING_OBJECT + array(length);
  }

  static long emptyCollection() {
    return COLLECTION_OBJECT;
  }

  static long emptySortedSet() {
    return COLLECTION_OBJECT + SKIP_LIST_OBJECT;
  }

  static long emptyList() {
    return LIST_OBJECT;
  }

  /** A hash field and its value. */
  static long field(Key field, byte[] value) {
    return HASH_ENTRY + key(field) + array(value.length);
  }

  static long setMember(Key member) {
    return HASH_ENTRY + key(member);
  }

  static long sortedSetMember(Key member) {
    return HASH_ENTRY + key(member) + SKIP_LIST_NODE;
  }

  static long listElement(Key element) {
    return LIST_SLOT + key(element);
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
