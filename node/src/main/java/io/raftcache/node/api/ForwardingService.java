package io.raftcache.node.api;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.node.raft.Throttle;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.proto.internal.GroupMembers;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.internal.MembersRequest;
import io.raftcache.node.raft.RaftNode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of forwarding, on the client port: a follower's RESP front end sends a write
 * as the log entry it would have proposed (retry header on it), and gets the entry's result. The
 * entry is checked as the state machine checks it; the leader stamps its own time. With TLS on,
 * only a caller showing a certificate of the cluster's CA, another node, may call it: an entry
 * skips the front ends' checks and users' permissions. The same service tells a node starting on
 * an empty data dir which group runs ({@link #MEMBERS}).
 */
final class ForwardingService {
  static final String SERVICE = "raftcache.internal.v1.Forwarding";
  static final MethodDescriptor<LogCommand, CommandResult> WRITE = MethodDescriptor.<LogCommand, CommandResult>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Write"))
      .setRequestMarshaller(ProtoUtils.marshaller(LogCommand.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(CommandResult.getDefaultInstance()))
      .build();

  /** A node's view of its group, for a node starting on an empty data dir ({@link GroupDiscovery}). */
  static final MethodDescriptor<MembersRequest, GroupMembers> MEMBERS = MethodDescriptor.<MembersRequest, GroupMembers>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Members"))
      .setRequestMarshaller(ProtoUtils.marshaller(MembersRequest.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(GroupMembers.getDefaultInstance()))
      .build();

  private ForwardingService() {}

  private static final Logger LOG = LoggerFactory.getLogger(ForwardingService.class);
  private static final Throttle REFUSALS = new Throttle(Duration.ofSeconds(10));

  static ServerServiceDefinition definition(CommandExecutor executor, RaftNode raft, Replies replies, NodeTls tls) {
    return ServerInterceptors.intercept(service(executor, raft, replies), new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        if (tls.isClusterNode(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))) {
          return next.startCall(call, headers);
        }
        if (REFUSALS.allow()) {
          LOG.warn("Refused a forwarded write from {}: it showed no certificate of the cluster's CA",
              call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        }
        call.close(Status.PERMISSION_DENIED.withDescription("only the cluster's nodes may call this service"), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    });
  }

  private static ServerServiceDefinition service(CommandExecutor executor, RaftNode raft, Replies replies) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(WRITE, ServerCalls.asyncUnaryCall((entry, out) ->
            executor.executeForwarded(entry).whenComplete((result, failure) -> {
              if (failure != null) {
                replies.fail(out, failure);
              } else {
                replies.send(out, result);
              }
            })))
        .addMethod(MEMBERS, ServerCalls.asyncUnaryCall((request, out) ->
            replies.send(out, raft.directory().membership().toProto(raft.hasCommitted()))))
        .build();
  }
}
