package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import io.raftcache.node.auth.User;
import io.raftcache.proto.v1.WriteHeader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's state: what the client said of itself (HELLO, CLIENT SETNAME), its protocol
 * version, whether it reads stale (READONLY), and the retry identity its writes carry, so that a
 * write forwarded again after a leader change is applied once.
 */
final class Session {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong IDS = new AtomicLong();

  final long id = IDS.incrementAndGet();
  final String address;
  final long createdMillis = System.currentTimeMillis();
  volatile String name = "";
  volatile String libName = "";
  volatile String libVersion = "";
  volatile int protocol = 2;
  volatile boolean readOnly;
  /** Who the connection is logged in as; null until it logs in, where the cluster has users. */
  volatile User user;
  volatile String lastCommand = "NULL";
  volatile long lastCommandMillis = createdMillis;
  /** Pub/sub channels and patterns subscribed to; only Sentinel's +switch-master is ever published. */
  final Set<String> channels = ConcurrentHashMap.newKeySet();
  final Set<String> patterns = ConcurrentHashMap.newKeySet();
  // The transaction, changed only on the connection's event loop, as commands arrive.
  /** Between MULTI and EXEC: the commands queued (as their words); null outside a transaction. */
  List<List<byte[]>> queued;
  /** A command queued since MULTI was refused (unknown, wrong arity): EXEC must abort. */
  boolean queueRefused;
  /** The WATCHes since the last EXEC, DISCARD or UNWATCH: each completes with its keys' versions. */
  final List<CompletableFuture<Map<ByteString, Long>>> watches = new ArrayList<>();
  /** Sends a message to the client outside the request-reply order (pub/sub); set by the connection. */
  volatile Consumer<Reply> pusher = reply -> { };

  private final ByteString clientId;
  private final AtomicLong sequences = new AtomicLong();
  private final ConcurrentSkipListSet<Long> unacknowledged = new ConcurrentSkipListSet<>();

  Session(String address) {
    this.address = address;
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    this.clientId = ByteString.copyFrom(id);
  }

  /** The header of this connection's next write; {@link #acknowledged} once it is answered. */
  WriteHeader nextWrite() {
    long sequence = sequences.incrementAndGet();
    unacknowledged.add(sequence);
    return WriteHeader.newBuilder()
        .setClientId(clientId)
        .setSequence(sequence)
        .setFirstUnackedSequence(unacknowledged.first())
        .build();
  }

  void acknowledged(WriteHeader header) {
    unacknowledged.remove(header.getSequence());
  }

  /** RESET: back to a fresh connection's settings. */
  void reset() {
    name = "";
    protocol = 2;
    readOnly = false;
    channels.clear();
    patterns.clear();
    endTransaction();
  }

  /** After EXEC or DISCARD: no transaction, nothing watched. */
  void endTransaction() {
    queued = null;
    queueRefused = false;
    watches.clear();
  }

  int subscriptions() {
    return channels.size() + patterns.size();
  }

  void push(Reply message) {
    pusher.accept(message);
  }
}
