package io.raftcache.node.keyspace;

/** A string value: bytes, which callers must not change. */
public record StringValue(byte[] bytes) implements Value {
  @Override
  public Kind kind() {
    return Kind.STRING;
  }

  @Override
  public long contentHash() {
    return Hashing.hash(bytes, 2);
  }

  @Override
  public long memoryBytes() {
    return MemoryModel.string(bytes.length);
  }
}
