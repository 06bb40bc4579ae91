package io.raftcache.node.raft;

import java.time.Duration;
import java.util.EnumSet;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves only the server-to-server protocol on the Raft port. Ratis also serves its client and
 * admin protocols there, with no credentials: anyone who could reach the port could append
 * entries that skip the API's checks, list the group or move the leadership. raftcache submits
 * its own writes inside the process and never uses those protocols, so every call to them is
 * refused. (Who may speak the server protocol itself is for peer authentication, mutual TLS.)
 */
final class RaftPortGuard implements GrpcServices.Customizer {
  private static final Logger LOG = LoggerFactory.getLogger(RaftPortGuard.class);

  private final Throttle warnings = new Throttle(Duration.ofSeconds(10));

  @Override
  public NettyServerBuilder customize(NettyServerBuilder builder, EnumSet<GrpcServices.Type> types) {
    return builder.intercept(new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        if (RaftServerProtocolServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
          return next.startCall(call, headers);
        }
        if (warnings.allow()) {
          LOG.warn("Refused {} from {} on the Raft port (Ratis's client and admin protocols are not served)",
              call.getMethodDescriptor().getFullMethodName(), call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        }
        call.close(Status.PERMISSION_DENIED.withDescription(
            "this port serves only raftcache's node-to-node Raft traffic; use the client port"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    });
  }
}
