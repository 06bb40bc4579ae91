package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.List;

/**
 * A command of {@link CommandTable}, defined once for every front end and for the state machine:
 * its name, the keys it touches, the rules its request must meet, and the work it does on a
 * replica's data. A {@link WriteCommand} also knows its log encoding; a {@link ReadCommand} never
 * reaches the log.
 *
 * @param <Q> the request, as the client API defines it
 * @param <R> the result
 */
public sealed interface Command<Q extends Message, R extends Message> permits ReadCommand, WriteCommand {
  /** Redis's name for it, lower case. */
  String name();

  /** The keys {@code request} touches, in the order it names them. */
  List<ByteString> keys(Q request);

  /** Checks {@code request} against {@code rules}; throws naming the field that breaks one. */
  void check(RequestValidator rules, Q request) throws InvalidRequestException;

  /**
   * Does the work on one replica's data at {@code now} (an entry's leader time, or a read's clock).
   * Throws {@link CommandRejectedException}, before changing anything, when the state does not fit
   * the command (a wrong type, INCR on text).
   */
  R run(Handlers handlers, Q request, long now);

  /** A request's rules, one of {@link RequestValidator}'s checks. */
  @FunctionalInterface
  interface Rules<Q> {
    void check(RequestValidator rules, Q request) throws InvalidRequestException;
  }

  /** A command's work, one of the {@link Handlers}' methods. */
  @FunctionalInterface
  interface Work<Q, R> {
    R run(Handlers handlers, Q request, long now);
  }
}
