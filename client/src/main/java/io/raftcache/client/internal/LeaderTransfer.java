package io.raftcache.client.internal;

import io.grpc.StatusRuntimeException;
import io.raftcache.proto.v1.ClusterGrpc;
import io.raftcache.proto.v1.TransferLeaderRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks the leader to hand its leadership on (the Cluster service's TransferLeader). */
public final class LeaderTransfer {
  private LeaderTransfer() {}

  /** The new leader's id; throws the SDK's exception for a refusal (NOT_LEADER, a bad target, access). */
  public static String ask(ClusterChannels channels, String leaderEndpoint, Optional<String> to, Duration timeout) {
    try {
      return ClusterGrpc.newBlockingStub(channels.channelTo(leaderEndpoint))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .transferLeader(TransferLeaderRequest.newBuilder().setTo(to.orElse("")).build())
          .getLeaderId();
    } catch (StatusRuntimeException e) {
      throw ErrorMapper.toException(e, leaderEndpoint);
    }
  }
}
