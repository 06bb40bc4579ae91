package io.raftcache.node.api;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.raftcache.node.auth.Category;
import io.raftcache.node.auth.User;
import io.raftcache.node.auth.Users;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Who calls the client API over gRPC. Credentials come as call metadata, {@code authorization:
 * Basic base64(user:password)} (what the SDK sends); an interceptor only takes them off the call,
 * and a call's handler logs in with them ({@link Users#login}, off the network threads) before it
 * runs: UNAUTHENTICATED for none where the cluster has users, or a wrong pair; PERMISSION_DENIED
 * for a command or key outside the user's permissions, with the reason. Health and reflection
 * are not behind it, so probes and tools need no credentials.
 */
final class Callers {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Credentials> CREDENTIALS = Context.key("raftcache-credentials");

  /** What a call presented: a user and password, or none; and where it came from. */
  private record Credentials(Optional<String> user, byte[] password, String peer) {}

  private final Users users;

  Callers(Users users) {
    this.users = users;
  }

  /** {@code service} with every call's credentials taken off its metadata. */
  ServerServiceDefinition intercept(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(service, new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        Credentials credentials = parse(headers.get(AUTHORIZATION),
            String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)).replaceFirst("^/", ""));
        return Contexts.interceptCall(Context.current().withValue(CREDENTIALS, credentials), call, headers, next);
      }
    });
  }

  /**
   * The calling user, logged in with the current call's credentials (read now, on the calling
   * thread); fails with UNAUTHENTICATED.
   */
  CompletableFuture<User> current() {
    Credentials credentials = CREDENTIALS.get();
    if (credentials == null || credentials.user().isEmpty()) {
      return users.anonymous().map(CompletableFuture::completedFuture).orElseGet(() -> CompletableFuture.failedFuture(
          Status.UNAUTHENTICATED.withDescription("this cluster has users: send credentials (the SDK's builder takes"
              + " them; over gRPC, the header authorization: Basic base64(user:password))").asRuntimeException()));
    }
    return users.login(credentials.user().get(), credentials.password(), credentials.peer()).thenApply(user ->
        user.orElseThrow(() -> Status.UNAUTHENTICATED
            .withDescription("invalid username-password pair or user is disabled").asRuntimeException()));
  }

  /** Fails with PERMISSION_DENIED, naming why, if {@code user} may not run {@code command} on {@code keys}. */
  static void requirePermission(User user, String command, Category category, Supplier<List<ByteString>> keys,
      boolean wholeKeyspace) {
    user.check(category, keys, wholeKeyspace).ifPresent(denial -> {
      throw Status.PERMISSION_DENIED.withDescription(denial == User.Denial.COMMAND
          ? "user " + user.name() + " may not run " + command + ": its permissions do not include "
              + category.configName() + " commands"
          : "user " + user.name() + " may not run " + command + (wholeKeyspace ? ", which reaches every key,"
              : " on these keys") + ": they are outside its key patterns").asRuntimeException();
    });
  }

  /** A Basic authorization value's user and password; none for anything else. */
  private static Credentials parse(String authorization, String peer) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return new Credentials(Optional.empty(), new byte[0], peer);
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException notBase64) {
      return new Credentials(Optional.of(""), new byte[0], peer); // a login that fails, and is counted
    }
    int colon = indexOf(decoded, (byte) ':');
    if (colon < 0) {
      return new Credentials(Optional.of(""), new byte[0], peer);
    }
    return new Credentials(Optional.of(new String(decoded, 0, colon, StandardCharsets.UTF_8)),
        Arrays.copyOfRange(decoded, colon + 1, decoded.length), peer);
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
