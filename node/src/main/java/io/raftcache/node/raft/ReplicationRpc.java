package io.raftcache.node.raft;

import java.util.List;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's gRPC transport with two corrections to how a leader replicates to a follower. Ratis
 * instantiates this type by its class name (the {@code raft.rpc.type} key), which is the only
 * way to give it a log appender of our own; everything else is Ratis's {@link GrpcFactory}.
 *
 * <p>The correction (Ratis 3.3.0, unchanged on its master as of 2026-12): the leader assumes that a
 * follower still holds every entry it ever acknowledged. After an INCONSISTENCY reply it moves its
 * next index for the follower no lower than the acknowledged match index + 1 (unless the request
 * began exactly there), and it never lowers the match index. A follower whose data dir was wiped
 * (or that acknowledged entries it never stored, see the "append-entries compose" note in {@link
 * RaftSettings}) no longer holds them, so on a quiet leader, which sends only heartbeats, the
 * leader resends the same heartbeat forever and the follower stays empty until the leader changes
 * (raftcache issue 10). {@link CatchUpAppender} believes a follower that answers a heartbeat
 * saying it lacks an acknowledged entry, once: it lowers the match index to what the follower
 * holds, and Ratis's own logic takes it from there (snapshot install if the leader's log no longer
 * reaches back that far, otherwise appends, each checked against the follower's log).
 *
 * <p>The second: while a follower has the most appends in flight that Ratis allows, Ratis sends
 * it a heartbeat on every pass of the appender's loop, and under write load the loop is woken by
 * every new entry: hundreds of heartbeats a second to a follower already too slow to answer them
 * (measured: 716 timed out while one rejoining node caught up). Each timeout counts as a failure
 * and makes the leader wait before it tries that follower again, so a rejoining node caught up in
 * half a minute. {@link CatchUpAppender} sends those heartbeats only when one is due anyway.
 *
 * <p>And it tells {@link Acceptances} what each follower accepted: the appender the time it
 * sends each request, {@link AcceptanceCounter} (between the appender and Ratis's leader state)
 * each SUCCESS reply.
 */
public final class ReplicationRpc implements RpcType {
  private static final String ACCEPTANCES_KEY = Acceptances.class.getName();

  /** Called by Ratis through reflection. */
  public ReplicationRpc() {}

  /** Gives the appenders of the server built with {@code parameters} the record to feed. */
  static void setAcceptances(Parameters parameters, Acceptances acceptances) {
    parameters.put(ACCEPTANCES_KEY, acceptances, Acceptances.class);
  }

  @Override
  public String name() {
    return ReplicationRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new Factory(parameters);
  }

  private static final class Factory extends GrpcFactory {
    private final Acceptances acceptances;

    Factory(Parameters parameters) {
      super(parameters);
      this.acceptances = parameters.getNonNull(ACCEPTANCES_KEY, Acceptances.class);
    }

    @Override
    public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      return new CatchUpAppender(server, new AcceptanceCounter(state), follower, acceptances);
    }
  }

  /** Ratis's leader state, telling the appender's record first of every reply in which a follower accepted this leader. */
  private record AcceptanceCounter(LeaderState ratis) implements LeaderState {
    @Override
    public void onAppendEntriesReply(LogAppender appender, AppendEntriesReplyProto reply) {
      // Only a SUCCESS reply sets success (this method also sees INCONSISTENCY ones).
      if (reply.getServerReply().getSuccess() && appender instanceof CatchUpAppender ours) {
        ours.replica.accepted(reply.getServerReply().getCallId());
      }
      ratis.onAppendEntriesReply(appender, reply);
    }

    @Override
    public void restart(LogAppender appender) {
      ratis.restart(appender);
    }

    @Override
    public AppendEntriesRequestProto newAppendEntriesRequestProto(FollowerInfo info, List<LogEntryProto> entries,
        TermIndex previous, long callId) {
      return ratis.newAppendEntriesRequestProto(info, entries, previous, callId);
    }

    @Override
    public void checkHealth(FollowerInfo info) {
      ratis.checkHealth(info);
    }

    @Override
    public boolean onFollowerTerm(FollowerInfo info, long followerTerm) {
      return ratis.onFollowerTerm(info, followerTerm);
    }

    @Override
    public void onFollowerCommitIndex(FollowerInfo info, long commitIndex) {
      ratis.onFollowerCommitIndex(info, commitIndex);
    }

    @Override
    public void onFollowerSuccessAppendEntries(FollowerInfo info) {
      ratis.onFollowerSuccessAppendEntries(info);
    }

    @Override
    public boolean isFollowerBootstrapping(FollowerInfo info) {
      return ratis.isFollowerBootstrapping(info);
    }
  }

  /** Ratis's gRPC log appender, with the corrections of {@link ReplicationRpc}. */
  static final class CatchUpAppender extends GrpcLogAppender {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpAppender.class);

    private final Acceptances.Replica replica;

    CatchUpAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower, Acceptances acceptances) {
      super(server, state, follower);
      this.replica = acceptances.startReplicating(follower.getId(), follower::getMatchIndex, this::triggerHeartbeat);
    }

    /**
     * A heartbeat asked for while a heartbeat is not due ({@link #getHeartbeatWaitTimeMs}: half the
     * minimum election timeout without an answer, and never more often than a quarter of it) is
     * skipped: the follower's election timer is fed all the same, and read confirmations, which
     * need a heartbeat at once, make one due (Ratis's heartbeat trigger).
     */
    @Override
    public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat) throws RaftLogIOException {
      if (heartbeat && getHeartbeatWaitTimeMs() > 0) {
        return null;
      }
      replica.sending(callId); // before it is built: no later than it is sent
      return super.newAppendEntriesRequest(callId, heartbeat);
    }

    /**
     * Heartbeats carry a previous entry only when no append is in flight, so a follower that lacks
     * it lacks it now. Ratis passes no first index for a heartbeat, nor for a reply whose request
     * it has forgotten (timed out, or dropped when it reset its view of the follower); such a reply
     * may be late, and lowering the match index below the truth then costs a resend of what the
     * follower already holds, never an inconsistency: every append that follows names its previous
     * entry, and the follower checks it. When the leader no longer holds the entry the follower
     * says it ends at, it forgets everything the follower acknowledged, so Ratis installs a
     * snapshot rather than append without a previous entry to check. (Ratis changes a follower's
     * indexes from reply threads too; the next index is set again under the appender's lock when
     * this returns.)
     */
    @Override
    protected long getNextIndexForInconsistency(long requestFirstIndex, long replyNextIndex) {
      FollowerInfo follower = getFollower();
      boolean heartbeatOrForgotten = requestFirstIndex == RaftLog.INVALID_LOG_INDEX;
      if (heartbeatOrForgotten && replyNextIndex <= follower.getMatchIndex()) {
        long holds = replyNextIndex - 1;
        boolean leaderHasIt = holds < RaftLog.LEAST_VALID_LOG_INDEX || getRaftLog().getTermIndex(holds) != null;
        long from = leaderHasIt ? replyNextIndex : RaftLog.LEAST_VALID_LOG_INDEX;
        LOG.warn("{} acknowledged entries up to {} but now holds only those below {} (its data was wiped?): "
            + "replicating to it from {}", follower.getName(), follower.getMatchIndex(), replyNextIndex,
            leaderHasIt ? replyNextIndex : "a snapshot");
        // The only way Ratis offers to lower a match index; it sets the next index too.
        follower.setSnapshotIndex(from - 1);
        return from;
      }
      return super.getNextIndexForInconsistency(requestFirstIndex, replyNextIndex);
    }
  }
}
