package io.raftcache.node.resp;

import com.google.protobuf.Message;
import io.raftcache.node.auth.Users;
import io.raftcache.node.command.Command;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.CommandFailedException;
import io.raftcache.node.command.WriteCommand;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.raft.RaftNode;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.WriteHeader;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** What the RESP front end knows of its node: the command executor, the cluster, counters. */
final class RespNode {
  final ClusterConfig cluster;
  final NodeConfig self;
  final RaftNode raft;
  final long startedMillis = System.currentTimeMillis();
  /** A random id per start, as Redis's run_id: tools tell a restarted node by it. */
  final String runId = randomHex(20);
  final AtomicLong connectionsReceived = new AtomicLong();
  final AtomicLong connectionsRejected = new AtomicLong();
  final AtomicLong commandsProcessed = new AtomicLong();
  final LeaderChanges leaderChanges;
  /** The open connections, by client id. */
  final Map<Long, Session> sessions = new ConcurrentHashMap<>();
  final Users users;
  private final CommandExecutor executor;

  RespNode(ClusterConfig cluster, NodeConfig self, RaftNode raft, CommandExecutor executor, Users users) {
    this.cluster = cluster;
    this.self = self;
    this.raft = raft;
    this.executor = executor;
    this.users = users;
    this.leaderChanges = new LeaderChanges(cluster, raft.directory());
    raft.addLeaderListener(leaderChanges::leaderChanged);
  }

  /**
   * Runs a row of the command table for a connection: a write carries the connection's retry
   * header and is forwarded to the leader if need be; a read is linearizable unless the
   * connection is READONLY. Failures become Redis errors, with {@code errors} overriding the
   * wording for a code where Redis words it per command.
   */
  <Q extends Message, R extends Message> CompletableFuture<Reply> execute(Call call, Command<Q, R> command,
      Q request, Function<R, Reply> reply, Map<ErrorCode, String> errors) {
    if (call.plan != null) {
      call.plan.add(command, request, reply, errors);
      return CompletableFuture.completedFuture(Reply.QUEUED);
    }
    Session session = call.session;
    WriteHeader header = command instanceof WriteCommand<Q, R> ? session.nextWrite() : null;
    CommandExecutor.Consistency consistency = call.readOnly
        ? CommandExecutor.Consistency.STALE : CommandExecutor.Consistency.LINEARIZABLE;
    return executor.execute(command, request, consistency, header).handle((result, failure) -> {
      if (header != null) {
        session.acknowledged(header);
      }
      return failure == null ? reply.apply(result) : errorOf(CommandExecutor.failureOf(failure), errors);
    });
  }

  /** Redis's words, which clients match. */
  static final String OUT_OF_MEMORY = "OOM command not allowed when used memory > 'maxmemory'.";

  static Reply errorOf(CommandFailedException failure, Map<ErrorCode, String> errors) {
    String wording = errors.get(failure.code());
    if (wording != null) {
      return Reply.error(wording);
    }
    return Reply.error(switch (failure.code()) {
      case ERROR_CODE_WRONG_TYPE -> "WRONGTYPE Operation against a key holding the wrong kind of value";
      case ERROR_CODE_NOT_AN_INTEGER -> "ERR value is not an integer or out of range";
      case ERROR_CODE_OVERFLOW -> "ERR increment or decrement would overflow";
      // Not TRYAGAIN: clients take that for "not executed", and a write that found no leader in time
      // may still be applied once one is elected.
      case ERROR_CODE_NOT_LEADER, ERROR_CODE_NO_LEADER -> "ERR no leader: " + failure.getMessage();
      case ERROR_CODE_OVERLOADED -> "BUSY " + failure.getMessage();
      case ERROR_CODE_OUT_OF_MEMORY -> OUT_OF_MEMORY;
      default -> "ERR " + failure.getMessage();
    });
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** The Raft status, or empty if the Raft server is closing. */
  Optional<RaftStatus> status() {
    try {
      return Optional.of(raft.status());
    } catch (IOException closing) {
      return Optional.empty();
    }
  }

  /** The leader's node, if this node knows one. */
  Optional<NodeConfig> leader() {
    return status().flatMap(RaftStatus::leaderId).flatMap(raft.directory()::node);
  }

  /** The group's members (voters, then read replicas) that the cluster file lists. */
  List<NodeConfig> members() {
    return raft.directory().members();
  }

  /** The members that vote. */
  List<NodeConfig> voters() {
    return raft.directory().voters();
  }
}
