package io.raftcache.node.resp;

import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.membership.Directory;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.keyspace.GlobPattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sentinel's {@code +switch-master} channel: when this node learns of a new leader, every
 * connection subscribed to the channel (or to a pattern matching it) is told, in Sentinel's words
 * ({@code <cluster> <old ip> <old port> <new ip> <new port>}), so HA-aware Redis clients follow
 * the leader without polling.
 */
final class LeaderChanges {
  static final String CHANNEL = "+switch-master";

  private final ClusterConfig cluster;
  private final Directory directory;
  private final Set<Session> subscribers = ConcurrentHashMap.newKeySet();
  private volatile NodeConfig leader;

  LeaderChanges(ClusterConfig cluster, Directory directory) {
    this.cluster = cluster;
    this.directory = directory;
  }

  /** Called by Raft with the new leader's id; announces a change of leader to the subscribers. */
  void leaderChanged(Optional<String> leaderId) {
    NodeConfig next = leaderId.flatMap(directory::node).orElse(null);
    NodeConfig previous = leader;
    if (next == null || next.equals(previous)) {
      return;
    }
    leader = next;
    NodeConfig old = previous == null ? next : previous;
    String message = cluster.cluster() + " " + old.host() + " " + old.respPort() + " " + next.host() + " "
        + next.respPort();
    for (Session session : subscribers) {
      if (session.channels.contains(CHANNEL)) {
        session.push(new Reply.Push(List.of(Reply.bulk("message"), Reply.bulk(CHANNEL), Reply.bulk(message))));
      }
      for (String pattern : session.patterns) {
        if (GlobPattern.matches(pattern, CHANNEL)) {
          session.push(new Reply.Push(List.of(Reply.bulk("pmessage"), Reply.bulk(pattern), Reply.bulk(CHANNEL),
              Reply.bulk(message))));
        }
      }
    }
  }

  void subscribed(Session session) {
    subscribers.add(session);
  }

  void gone(Session session) {
    subscribers.remove(session);
  }

}
