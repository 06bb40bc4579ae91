package io.raftcache.client.internal;

import com.google.protobuf.ByteString;
import io.raftcache.client.CacheException;
import io.raftcache.proto.v1.WriteHeader;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Numbers this client's writes: a random client id for the client's life, a sequence per write,
 * and the lowest sequence still in flight, below which the nodes may forget results.
 */
public final class RequestIds {
  private final ByteString clientId;
  /** Below the results a node keeps per client (1024), so a retry always finds its result. */
  public static final int MAX_IN_FLIGHT = 1000;

  private long nextSequence = 1;
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

  public RequestIds() {
    UUID id = UUID.randomUUID();
    this.clientId = ByteString.copyFrom(ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array());
  }

  /**
   * The header for a new write; every retry of that write sends the same header. Numbering and
   * registering happen together, so no header names a first unacked sequence above a write that
   * is still in flight.
   *
   * @throws CacheException if {@link #MAX_IN_FLIGHT} writes are already waiting: beyond that the
   *     nodes could forget results that a retry still needs
   */
  public synchronized WriteHeader begin() {
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      throw new CacheException("too many writes in flight (" + MAX_IN_FLIGHT + "); wait for some to complete", null);
    }
    long sequence = nextSequence++;
    inFlight.add(sequence);
    return WriteHeader.newBuilder()
        .setClientId(clientId)
        .setSequence(sequence)
        .setFirstUnackedSequence(inFlight.first())
        .build();
  }

  /** The write will not be retried again, whatever its outcome. */
  public void end(WriteHeader header) {
    inFlight.remove(header.getSequence());
  }
}
