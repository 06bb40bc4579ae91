package io.raftcache.node.api;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;

/**
 * Turns failures into gRPC statuses with an {@link ErrorDetail} trailer. The status code follows
 * gRPC's retry rule: UNAVAILABLE = retry (elsewhere), RESOURCE_EXHAUSTED = retry after a pause,
 * ABORTED = the outcome is unknown, FAILED_PRECONDITION and INVALID_ARGUMENT = do not retry.
 */
final class Errors {
  static final Metadata.Key<ErrorDetail> DETAIL_KEY = ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private Errors() {}

  static StatusRuntimeException of(ErrorCode code, String message) {
    return of(ErrorDetail.newBuilder().setCode(code).build(), message);
  }

  static StatusRuntimeException of(ErrorDetail detail, String message) {
    Metadata trailers = new Metadata();
    trailers.put(DETAIL_KEY, detail);
    return statusOf(detail.getCode()).withDescription(message).asRuntimeException(trailers);
  }

  private static Status statusOf(ErrorCode code) {
    return switch (code) {
      case ERROR_CODE_INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case ERROR_CODE_NOT_AN_INTEGER, ERROR_CODE_OVERFLOW, ERROR_CODE_WRONG_TYPE -> Status.FAILED_PRECONDITION;
      case ERROR_CODE_NOT_LEADER, ERROR_CODE_NO_LEADER, ERROR_CODE_TOO_STALE -> Status.UNAVAILABLE;
      case ERROR_CODE_RETRY_EXPIRED -> Status.ABORTED;
      case ERROR_CODE_OVERLOADED, ERROR_CODE_OUT_OF_MEMORY -> Status.RESOURCE_EXHAUSTED;
      case ERROR_CODE_INTERNAL, ERROR_CODE_UNSPECIFIED, UNRECOGNIZED -> Status.INTERNAL;
    };
  }
}
