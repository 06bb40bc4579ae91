package io.raftcache.client.internal;

import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.raftcache.client.AccessDeniedException;
import io.raftcache.client.CacheException;
import io.raftcache.client.ClusterUnavailableException;
import io.raftcache.client.IntegerOverflowException;
import io.raftcache.client.InvalidArgumentException;
import io.raftcache.client.NotAnIntegerException;
import io.raftcache.client.OutOfMemoryException;
import io.raftcache.client.OutcomeUnknownException;
import io.raftcache.client.WrongTypeException;
import io.raftcache.proto.v1.ErrorCode;
import io.raftcache.proto.v1.ErrorDetail;

/** The one place that turns gRPC statuses from a node into the SDK's exceptions. */
final class ErrorMapper {
  private static final Metadata.Key<ErrorDetail> DETAIL_KEY = ProtoUtils.keyForProto(ErrorDetail.getDefaultInstance());

  private ErrorMapper() {}

  static ErrorDetail detailOf(StatusRuntimeException e) {
    Metadata trailers = e.getTrailers();
    ErrorDetail detail = trailers == null ? null : trailers.get(DETAIL_KEY);
    return detail == null ? ErrorDetail.getDefaultInstance() : detail;
  }

  /** The exception for a failure that retrying will not fix. */
  static CacheException toException(StatusRuntimeException e, String endpoint) {
    String message = describe(e) + " (from " + endpoint + ")";
    ErrorCode code = detailOf(e).getCode();
    return switch (code) {
      case ERROR_CODE_INVALID_ARGUMENT -> new InvalidArgumentException(message, e);
      case ERROR_CODE_NOT_AN_INTEGER -> new NotAnIntegerException(message, e);
      case ERROR_CODE_OVERFLOW -> new IntegerOverflowException(message, e);
      case ERROR_CODE_WRONG_TYPE -> new WrongTypeException(message, e);
      case ERROR_CODE_OUT_OF_MEMORY -> new OutOfMemoryException(message, e);
      case ERROR_CODE_RETRY_EXPIRED -> new OutcomeUnknownException(message, e);
      case ERROR_CODE_NOT_LEADER, ERROR_CODE_NO_LEADER -> new ClusterUnavailableException(message, e);
      default -> switch (e.getStatus().getCode()) {
        case INVALID_ARGUMENT -> new InvalidArgumentException(message, e);
        case UNAVAILABLE -> new ClusterUnavailableException(message, e);
        case UNAUTHENTICATED, PERMISSION_DENIED -> new AccessDeniedException(message, e);
        default -> new CacheException(message, e);
      };
    };
  }

  static String describe(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return e.getStatus().getCode() + (description == null ? "" : ": " + description);
  }
}
