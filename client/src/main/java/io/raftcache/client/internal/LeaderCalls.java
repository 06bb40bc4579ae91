package io.raftcache.client.internal;

import io.grpc.StatusRuntimeException;
import io.raftcache.proto.v1.ClusterGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Calls to the leader's Cluster service: leadership transfers and membership changes. */
public final class LeaderCalls {
  private LeaderCalls() {}

  /** {@code call}'s answer; throws the SDK's exception for a refusal (NOT_LEADER, a bad argument, access). */
  public static <T> T ask(ClusterChannels channels, String leaderEndpoint, Duration timeout,
      Function<ClusterGrpc.ClusterBlockingStub, T> call) {
    try {
      return call.apply(ClusterGrpc.newBlockingStub(channels.channelTo(leaderEndpoint))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw ErrorMapper.toException(e, leaderEndpoint);
    }
  }
}
