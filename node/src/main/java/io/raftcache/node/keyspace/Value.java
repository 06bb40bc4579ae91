package io.raftcache.node.keyspace;

/** What a key holds: a string or one of the collections. */
public sealed interface Value permits StringValue, CollectionValue {
  Kind kind();

  /** A hash of the content, the same on every replica for the same content. */
  long contentHash();

  /** The heap it takes by {@link MemoryModel}, the same on every replica for the same content. */
  long memoryBytes();

  /** The types of value, as TYPE names them. */
  enum Kind {
    STRING, HASH, SET, ZSET, LIST
  }
}
