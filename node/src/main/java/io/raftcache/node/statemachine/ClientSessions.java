package io.raftcache.node.statemachine;

import io.raftcache.node.keyspace.Key;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.StoredResult;
import io.raftcache.proto.internal.StoredSession;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Remembers the results of each client's recent writes so that a retry (same client id and
 * sequence) is answered with the original result instead of being applied again.
 *
 * <p>Every bound is deterministic, so all replicas keep and forget the same results: a session
 * idle for {@link #IDLE_EXPIRY_MILLIS} of log time is treated as gone whether or not it has been
 * swept yet; a client keeps at most {@link #MAX_RESULTS_PER_CLIENT} results; past {@link
 * #MAX_CLIENTS} sessions the least recently seen one is dropped.
 */
final class ClientSessions {
  static final long IDLE_EXPIRY_MILLIS = 15 * 60_000L;
  static final int MAX_RESULTS_PER_CLIENT = 1024;
  static final int MAX_CLIENTS = 100_000;
  private static final long SWEEP_INTERVAL_MILLIS = 10_000;

  /** What the sessions know of a request. */
  sealed interface Lookup {}

  /** Not applied before: apply it and {@link #record} the result. */
  record Fresh() implements Lookup {}

  /** Applied before: answer this result again. */
  record Cached(CommandResult result) implements Lookup {}

  /** Below what the client still retries, and its result is gone: the outcome is unknown. */
  record Forgotten() implements Lookup {}

  private static final class Session {
    long lastSeenMillis;
    long lowestKeptSequence;
    final TreeMap<Long, CommandResult> results = new TreeMap<>();
  }

  private static final Comparator<Map.Entry<Key, Session>> LEAST_RECENTLY_SEEN =
      Comparator.<Map.Entry<Key, Session>>comparingLong(e -> e.getValue().lastSeenMillis)
          .thenComparing(Map.Entry::getKey);

  private final Map<Key, Session> sessions = new HashMap<>();
  private final Set<Key> changed = new LinkedHashSet<>();
  private long nextSweepMillis;

  /** Whether the result of request {@code sequence} of {@code clientId} is kept; changes nothing. */
  boolean hasResult(Key clientId, long sequence) {
    Session session = sessions.get(clientId);
    return session != null && session.results.containsKey(sequence);
  }

  Lookup lookup(Key clientId, long sequence, long nowMillis) {
    Session session = live(clientId, nowMillis);
    if (session == null) {
      return new Fresh();
    }
    CommandResult cached = session.results.get(sequence);
    if (cached != null) {
      return new Cached(cached);
    }
    return sequence < session.lowestKeptSequence ? new Forgotten() : new Fresh();
  }

  /**
   * Records the result of a fresh request. {@code firstUnacked} is the lowest sequence the client
   * may still retry: results below it are dropped.
   */
  void record(Key clientId, long sequence, long firstUnacked, CommandResult result, long nowMillis) {
    Session session = live(clientId, nowMillis);
    if (session == null) {
      session = open(clientId, nowMillis);
    }
    session.lastSeenMillis = nowMillis;
    session.results.put(sequence, result);
    session.lowestKeptSequence = Math.max(session.lowestKeptSequence, firstUnacked);
    session.results.headMap(session.lowestKeptSequence).clear();
    while (session.results.size() > MAX_RESULTS_PER_CLIENT) {
      session.lowestKeptSequence = session.results.pollFirstEntry().getKey() + 1;
    }
    changed.add(clientId);
  }

  /** Drops idle sessions from memory and storage now and then; lookups already ignore them. */
  void sweepIfDue(long nowMillis) {
    if (nowMillis >= nextSweepMillis) {
      sweep(nowMillis);
      nextSweepMillis = nowMillis + SWEEP_INTERVAL_MILLIS;
    }
  }

  private void sweep(long nowMillis) {
    var it = sessions.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (isIdle(e.getValue(), nowMillis)) {
        it.remove();
        changed.add(e.getKey());
      }
    }
  }

  private Session live(Key clientId, long nowMillis) {
    Session session = sessions.get(clientId);
    return session == null || isIdle(session, nowMillis) ? null : session;
  }

  private static boolean isIdle(Session session, long nowMillis) {
    return session.lastSeenMillis + IDLE_EXPIRY_MILLIS <= nowMillis;
  }

  private Session open(Key clientId, long nowMillis) {
    if (sessions.size() >= MAX_CLIENTS) {
      // After a sweep the sessions held are exactly the live ones, the same on every replica.
      sweep(nowMillis);
    }
    if (sessions.size() >= MAX_CLIENTS) {
      Key oldest = sessions.entrySet().stream().min(LEAST_RECENTLY_SEEN).orElseThrow().getKey();
      sessions.remove(oldest);
      changed.add(oldest);
    }
    Session session = new Session();
    sessions.put(clientId, session);
    return session;
  }

  int size() {
    return sessions.size();
  }

  /** Passes every client changed since the last call, with its stored form or null if removed. */
  void drainChanges(BiConsumer<Key, StoredSession> sink) {
    for (Key clientId : changed) {
      Session session = sessions.get(clientId);
      sink.accept(clientId, session == null ? null : toStored(session));
    }
    changed.clear();
  }

  void restore(Key clientId, StoredSession stored) {
    Session session = new Session();
    session.lastSeenMillis = stored.getLastSeenMs();
    session.lowestKeptSequence = stored.getLowestKeptSequence();
    for (StoredResult r : stored.getResultsList()) {
      session.results.put(r.getSequence(), r.getResult());
    }
    sessions.put(clientId, session);
  }

  private static StoredSession toStored(Session session) {
    StoredSession.Builder stored = StoredSession.newBuilder()
        .setLastSeenMs(session.lastSeenMillis)
        .setLowestKeptSequence(session.lowestKeptSequence);
    session.results.forEach((seq, result) ->
        stored.addResults(StoredResult.newBuilder().setSequence(seq).setResult(result)));
    return stored.build();
  }
}
