package io.raftcache.node.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash that is the same on every JVM and platform, for state digests. Not cryptographic:
 * it tells replicas apart, it does not defend against an adversary.
 */
final class Hashing {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long PRIME = 0x9E3779B97F4A7C15L;

  private Hashing() {}

  static long hash(byte[] bytes, long seed) {
    long h = seed ^ (bytes.length * PRIME);
    int i = 0;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      h = mix(h ^ (long) LONGS.get(bytes, i));
    }
    long tail = 0;
    for (int shift = 0; i < bytes.length; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    return mix(h ^ tail);
  }

  /** The finalizer of SplitMix64: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
