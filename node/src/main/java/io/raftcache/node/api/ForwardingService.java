package io.raftcache.node.api;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;

/**
 * The leader's side of forwarding, on the client port: a follower's RESP front end sends a write
 * as the log entry it would have proposed (retry header on it), and gets the entry's result. The
 * entry is checked as the state machine checks it; the leader stamps its own time.
 */
final class ForwardingService {
  static final String SERVICE = "raftcache.internal.v1.Forwarding";
  static final MethodDescriptor<LogCommand, CommandResult> WRITE = MethodDescriptor.<LogCommand, CommandResult>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Write"))
      .setRequestMarshaller(ProtoUtils.marshaller(LogCommand.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(CommandResult.getDefaultInstance()))
      .build();

  private ForwardingService() {}

  static ServerServiceDefinition definition(CommandExecutor executor, Replies replies) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(WRITE, ServerCalls.asyncUnaryCall((entry, out) ->
            executor.executeForwarded(entry).whenComplete((result, failure) -> {
              if (failure != null) {
                replies.fail(out, failure);
              } else {
                replies.send(out, result);
              }
            })))
        .build();
  }
}
