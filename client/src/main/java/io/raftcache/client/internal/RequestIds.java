package io.raftcache.client.internal;

import com.google.protobuf.ByteString;
import io.raftcache.proto.v1.WriteHeader;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers this client's writes: a random client id for the client's life, a sequence per write,
 * and the lowest sequence still in flight, below which the nodes may forget results.
 */
public final class RequestIds {
  private final ByteString clientId;
  private final AtomicLong nextSequence = new AtomicLong(1);
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

  public RequestIds() {
    UUID id = UUID.randomUUID();
    this.clientId = ByteString.copyFrom(ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array());
  }

  /** The header for a new write; every retry of that write sends the same header. */
  public WriteHeader begin() {
    long sequence = nextSequence.getAndIncrement();
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
