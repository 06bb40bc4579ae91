package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;

/**
 * A command of {@link CommandTable}, defined once for every front end and for the state machine:
 * its name, the keys it touches, the rules its request must meet, and the work it does on a
 * replica's data. A {@link WriteCommand} also knows its log encoding; a {@link ReadCommand} never
 * reaches the log on its own.
 *
 * @param <Q> the request, as the client API defines it
 * @param <R> the result
 */
public abstract sealed class Command<Q extends Message, R extends Message> permits ReadCommand, WriteCommand {
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

  private final String name;
  private final Function<Q, List<ByteString>> keysOf;
  private final Rules<Q> rules;
  private final Work<Q, R> work;

  Command(String name, Function<Q, List<ByteString>> keysOf, Rules<Q> rules, Work<Q, R> work) {
    this.name = name;
    this.keysOf = keysOf;
    this.rules = rules;
    this.work = work;
  }

  /** Its name in the client API, lower case (the gRPC method's, for the commands gRPC offers). */
  public String name() {
    return name;
  }

  /** The keys {@code request} touches, in the order it names them. */
  public List<ByteString> keys(Q request) {
    return keysOf.apply(request);
  }

  /** Checks {@code request} against {@code validator}'s rules; throws naming the field that breaks one. */
  public void check(RequestValidator validator, Q request) throws InvalidRequestException {
    rules.check(validator, request);
  }

  /**
   * Does the work on one replica's data at {@code now} (an entry's leader time, or a read's clock).
   * Throws {@link CommandRejectedException}, before changing anything, when the state does not fit
   * the command (a wrong type, INCR on text).
   */
  public R run(Handlers handlers, Q request, long now) {
    return work.run(handlers, request, now);
  }

  @Override
  public String toString() {
    return name;
  }
}
