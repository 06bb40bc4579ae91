package io.raftcache.client;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;
import io.raftcache.proto.v1.CacheGrpc;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;
import io.raftcache.proto.v1.GetRequest;
import io.raftcache.proto.v1.GetResponse;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.IncrByResponse;
import io.raftcache.proto.v1.WriteHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node stand-in on a real loopback port, whose answers a test scripts: it records the headers
 * it receives and replies with whatever {@link #behaviour} says.
 */
final class FakeNode implements AutoCloseable {
  /** What the node answers. */
  enum Behaviour { OK, NOT_LEADER, NO_LEADER, UNAVAILABLE, SILENT, INVALID }

  private static final Metadata.Key<ErrorDetail> DETAIL = ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.OK);
  final AtomicReference<String> leaderEndpoint = new AtomicReference<>("");
  final List<WriteHeader> headers = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeNode() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new CacheGrpc.CacheImplBase() {
          @Override
          public void incrBy(IncrByRequest request, StreamObserver<IncrByResponse> out) {
            headers.add(request.getHeader());
            answer(out, IncrByResponse.newBuilder().setValue(headers.size()).build());
          }

          @Override
          public void get(GetRequest request, StreamObserver<GetResponse> out) {
            answer(out, GetResponse.newBuilder().setFound(true).setValue(request.getKey()).setVersion(1).build());
          }
        })
        .build()
        .start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  private <T> void answer(StreamObserver<T> out, T ok) {
    switch (behaviour.get()) {
      case OK -> {
        out.onNext(ok);
        out.onCompleted();
      }
      case NOT_LEADER -> out.onError(error(Status.UNAVAILABLE, ErrorDetail.newBuilder()
          .setCode(ErrorCode.ERROR_CODE_NOT_LEADER).setLeaderEndpoint(leaderEndpoint.get()).build()));
      case NO_LEADER -> out.onError(error(Status.UNAVAILABLE,
          ErrorDetail.newBuilder().setCode(ErrorCode.ERROR_CODE_NO_LEADER).build()));
      case UNAVAILABLE -> out.onError(Status.UNAVAILABLE.withDescription("going down").asRuntimeException());
      case INVALID -> out.onError(error(Status.INVALID_ARGUMENT,
          ErrorDetail.newBuilder().setCode(ErrorCode.ERROR_CODE_INVALID_ARGUMENT).build()));
      case SILENT -> { } // never answers: a paused or partitioned node
    }
  }

  private static RuntimeException error(Status status, ErrorDetail detail) {
    Metadata trailers = new Metadata();
    trailers.put(DETAIL, detail);
    return status.withDescription(detail.getCode().name()).asRuntimeException(trailers);
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
