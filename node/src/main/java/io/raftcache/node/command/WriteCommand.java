package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.raftcache.proto.internal.CommandResult;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.WriteHeader;
import java.util.List;
import java.util.function.Function;

/**
 * A command that changes data: proposed as a log entry and applied by every replica in log order.
 * An internal one is proposed by the leader itself (expiry, the clock's tick) and offered to no
 * front end.
 */
public final class WriteCommand<Q extends Message, R extends Message> extends Command<Q, R> {
  private final LogEncoding<Q, R> encoding;
  private final boolean internal;
  /** The request's own retry header field, kept by the client API; null if it has none. */
  private final FieldDescriptor requestHeader;

  WriteCommand(String name, Function<Q, List<ByteString>> keysOf, Rules<Q> rules, Work<Q, R> work,
      LogEncoding<Q, R> encoding, boolean internal) {
    super(name, keysOf, rules, work);
    this.encoding = encoding;
    this.internal = internal;
    Q prototype = encoding.from().apply(LogCommand.getDefaultInstance());
    LogCommand.Builder probe = LogCommand.newBuilder();
    encoding.into().accept(probe, prototype);
    if (probe.getCommandCase() != encoding.logCase()) {
      throw new IllegalArgumentException(name() + " is encoded as " + probe.getCommandCase() + ", not " + encoding.logCase());
    }
    this.requestHeader = prototype.getDescriptorForType().findFieldByName("header");
  }

  public boolean internal() {
    return internal;
  }

  public LogCommand.CommandCase logCase() {
    return encoding.logCase();
  }

  /** The log entry for {@code request}: a retry header the request carries moves onto the entry. */
  @SuppressWarnings("unchecked")
  public LogCommand entry(Q request) {
    LogCommand.Builder entry = LogCommand.newBuilder();
    if (requestHeader != null && request.hasField(requestHeader)) {
      entry.setHeader((WriteHeader) request.getField(requestHeader));
      request = (Q) request.toBuilder().clearField(requestHeader).build();
    }
    encoding.into().accept(entry, request);
    return entry.build();
  }

  public Q request(LogCommand entry) {
    return encoding.from().apply(entry);
  }

  /**
   * The retry header of {@code entry}: on the entry, or inside its request in entries written
   * before the header moved (log format 1, still read).
   */
  public WriteHeader header(LogCommand entry) {
    if (entry.hasHeader() || requestHeader == null) {
      return entry.getHeader();
    }
    return (WriteHeader) request(entry).getField(requestHeader);
  }

  public CommandResult result(R value) {
    return encoding.result(value);
  }

  public R result(CommandResult result) {
    return encoding.resultFrom().apply(result);
  }
}
