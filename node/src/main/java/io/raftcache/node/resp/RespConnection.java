package io.raftcache.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.raftcache.node.auth.Category;
import io.raftcache.node.auth.User;
import io.raftcache.node.command.RequestValidator;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: runs each command as it arrives and writes the replies in the order the
 * commands came. Pipelined writes run together, as do pipelined reads, but a read waits for the
 * connection's earlier writes and a write for its earlier reads, so each command sees what the
 * ones before it did, as on Redis. A protocol error is answered after the replies before it, then
 * the connection is closed; so is one that stalls mid-command.
 */
final class RespConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RespConnection.class);
  /** Pipelined commands in flight at which the connection stops reading, and resumes. */
  private static final int PAUSE_READING_AT = 1000;
  private static final int RESUME_READING_AT = 500;
  /**
   * Writes one connection keeps in flight at most: below the 1024 results the state machine keeps
   * per client, so a write retried after a lost reply always finds its result.
   */
  private static final int MAX_WRITES_IN_FLIGHT = 900;
  /** The commands that act at once inside MULTI instead of being queued. */
  private static final Set<String> TRANSACTION_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
  /** What a connection may send before it logs in, where the cluster has users. */
  private static final Set<String> BEFORE_LOGIN = Set.of("auth", "hello", "ping", "quit", "reset");
  private static final Set<String> LOGINS = Set.of("auth", "hello");
  private static final Set<String> ALLOWED_WHILE_SUBSCRIBED =
      Set.of("subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping", "quit", "reset");

  private final RespNode node;
  private final RespCommands commands;
  private final RespDecoder decoder;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Data commands not started yet, in arrival order; touched on the event loop only. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int readsRunning;
  private int writesRunning;
  private boolean starting;
  /** A login (AUTH, HELLO) not answered yet, and the commands that arrived after it. */
  private CompletableFuture<Reply> loginInFlight;
  private final ArrayDeque<Runnable> afterLogin = new ArrayDeque<>();
  private Session session;
  private ChannelHandlerContext ctx;
  private boolean closeAfterReplies;

  RespConnection(RespNode node, RespCommands commands, RespDecoder decoder) {
    this.node = node;
    this.commands = commands;
    this.decoder = decoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    node.connectionsReceived.incrementAndGet();
    if (node.sessions.size() >= node.cluster.tunables().maxClients()) {
      node.connectionsRejected.incrementAndGet();
      closeAfterReplies = true;
      answer(CompletableFuture.completedFuture(Reply.error("ERR max number of clients reached")));
      return;
    }
    session = new Session(String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", ""));
    session.user = node.users.anonymous().orElse(null);
    session.pusher = message -> ctx.executor().execute(() -> answer(CompletableFuture.completedFuture(message)));
    node.sessions.put(session.id, session);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (session != null) {
      node.sessions.remove(session.id);
      node.leaderChanges.gone(session);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (closeAfterReplies) {
      return; // after QUIT or a protocol error nothing more is run
    }
    if (message instanceof RespDecoder.ProtocolError error) {
      closeAfterReplies = true;
      answer(CompletableFuture.completedFuture(Reply.error(error.message())));
      return;
    }
    RespDecoder.Command command = (RespDecoder.Command) message;
    String name = command.name();
    session.lastCommand = name;
    session.lastCommandMillis = System.currentTimeMillis();
    node.commandsProcessed.incrementAndGet();
    if (name.equals("quit")) {
      closeAfterReplies = true;
    }
    if (loginInFlight != null) {
      holdBehindLogin(name, command.args());
    } else {
      CompletableFuture<Reply> reply = run(name, new Call(command.args(), session, node));
      // HELLO's own reply speaks the protocol it chose, once its login (if any) is answered.
      answer(reply, name.equals("hello") ? () -> session.protocol : constant(session.protocol));
    }
    if (pending.size() >= PAUSE_READING_AT) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  private CompletableFuture<Reply> run(String name, Call call) {
    RespCommand row = commands.named(name);
    boolean queueing = call.session.queued != null && !TRANSACTION_CONTROL.contains(name);
    if (row == null || !row.arityHolds(call.size())) {
      // Inside MULTI, as in Redis, such a mistake also dooms the EXEC.
      call.session.queueRefused |= queueing;
      return CompletableFuture.completedFuture(Reply.error(row == null ? unknown(call) : call.wrongArity().getMessage()));
    }
    Optional<String> refusal = refusal(row, call);
    if (refusal.isPresent()) {
      call.session.queueRefused |= queueing;
      return CompletableFuture.completedFuture(Reply.error(refusal.get()));
    }
    if (queueing) {
      if (row.flags().contains("pubsub") || LOGINS.contains(name)) {
        call.session.queueRefused = true;
        return CompletableFuture.completedFuture(Reply.error("ERR Command not allowed inside a transaction"));
      }
      int most = RequestValidator.MAX_TRANSACTION_COMMANDS;
      if (call.session.queued.size() >= most) {
        call.session.queueRefused = true;
        return CompletableFuture.completedFuture(Reply.error("ERR a transaction holds at most " + most + " commands"));
      }
      call.session.queued.add(call.args);
      return CompletableFuture.completedFuture(Reply.QUEUED);
    }
    if (call.session.subscriptions() > 0 && call.protocol == 2 && !ALLOWED_WHILE_SUBSCRIBED.contains(name)) {
      return CompletableFuture.completedFuture(Reply.error("ERR Can't execute '" + name
          + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
    }
    if (call.session.subscriptions() > 0 && call.protocol == 2 && name.equals("ping")) {
      return CompletableFuture.completedFuture(Reply.array(List.of(Reply.bulk("pong"),
          call.size() > 1 ? Reply.bulk(call.bytes(1)) : Reply.bulk(""))));
    }
    Call arrived;
    try {
      // Connection state (MULTI, WATCH, EXEC's capture of the queue) changes as commands arrive.
      arrived = row.arrival().apply(call);
    } catch (RespException refused) {
      return CompletableFuture.completedFuture(Reply.error(refused.getMessage()));
    }
    if (!row.isWrite() && !row.isRead()) {
      CompletableFuture<Reply> reply = invoke(row, arrived);
      if (LOGINS.contains(name) && !reply.isDone()) {
        holdUntilAnswered(reply);
      }
      return reply;
    }
    Waiting command = new Waiting(row, arrived, new CompletableFuture<>());
    waiting.add(command);
    startReady();
    return command.reply();
  }

  /**
   * Why the connection's user may not run this call (NOAUTH before a login, NOPERM for a command
   * or key outside its permissions), in Redis's words; empty if it may.
   */
  private static Optional<String> refusal(RespCommand row, Call call) {
    User user = call.session.user;
    if (user == null) {
      return BEFORE_LOGIN.contains(row.name()) ? Optional.empty() : Optional.of("NOAUTH Authentication required.");
    }
    return user.check(row.category(), () -> row.keys(call), Category.reachesEveryKey(row.name())).map(denial ->
        denial == User.Denial.COMMAND
            ? "NOPERM User " + user.name() + " has no permissions to run the '" + row.name() + "' command"
            : "NOPERM No permissions to access a key");
  }

  /** Commands that arrive while a login is being answered wait for it, in order, then run as its user. */
  private void holdUntilAnswered(CompletableFuture<Reply> login) {
    loginInFlight = login;
    login.whenComplete((reply, failure) -> onEventLoop(() -> {
      loginInFlight = null;
      while (loginInFlight == null && !afterLogin.isEmpty()) {
        afterLogin.poll().run();
      }
    }));
  }

  /**
   * A command that arrived while a login was being answered: it runs once the login is, as the
   * user it logged in as, with the connection's state then (HELLO's protocol, READONLY), and its
   * reply keeps its place.
   */
  private void holdBehindLogin(String name, List<byte[]> args) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    AtomicInteger protocol = new AtomicInteger(session.protocol);
    afterLogin.add(() -> {
      CompletableFuture<Reply> ran = run(name, new Call(args, session, node));
      protocol.set(session.protocol);
      ran.whenComplete((value, failure) -> reply.complete(failure != null ? Reply.error("ERR internal error: " + failure)
          : value));
    });
    answer(reply, name.equals("hello") ? () -> session.protocol : protocol::get);
  }

  /** A data command waiting its turn: a read waits for the earlier writes, a write for the earlier reads. */
  private record Waiting(RespCommand row, Call call, CompletableFuture<Reply> reply) {}

  /**
   * Starts waiting commands in arrival order while the head may start: a write when no read is
   * running (and fewer than {@link #MAX_WRITES_IN_FLIGHT} writes), a read when no write is.
   */
  private void startReady() {
    if (starting) {
      return; // a command that completed at once; the loop below goes on
    }
    starting = true;
    try {
      while (!waiting.isEmpty()) {
        Waiting next = waiting.peek();
        boolean write = next.row().isWrite();
        if (write ? readsRunning > 0 || writesRunning >= MAX_WRITES_IN_FLIGHT : writesRunning > 0) {
          return;
        }
        waiting.poll();
        if (write) {
          writesRunning++;
        } else {
          readsRunning++;
        }
        invoke(next.row(), next.call()).whenComplete((reply, failure) -> onEventLoop(() -> {
          if (write) {
            writesRunning--;
          } else {
            readsRunning--;
          }
          next.reply().complete(failure == null ? reply : Reply.error("ERR internal error: " + failure));
          startReady();
        }));
      }
    } finally {
      starting = false;
    }
  }

  private void onEventLoop(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  /** Runs the command's handler; its future never fails: a refusal is an error reply. */
  private CompletableFuture<Reply> invoke(RespCommand row, Call call) {
    String name = row.name();
    try {
      return row.handler().run(call);
    } catch (RespException refused) {
      return CompletableFuture.completedFuture(Reply.error(refused.getMessage()));
    } catch (RuntimeException bug) {
      LOG.warn("RESP command {} failed", name, bug);
      return CompletableFuture.completedFuture(Reply.error("ERR internal error: " + bug));
    }
  }

  private static String unknown(Call call) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < call.size() && args.length() < 128; i++) {
      args.append('\'').append(call.text(i)).append("' ");
    }
    return "ERR unknown command '" + call.text(0) + "', with args beginning with: " + args;
  }

  /** A reply to come, and the protocol version to write it in (the connection's when its command was sent). */
  private record Pending(CompletableFuture<Reply> reply, IntSupplier protocol) {}

  private void answer(CompletableFuture<Reply> reply) {
    answer(reply, constant(session == null ? 2 : session.protocol));
  }

  private void answer(CompletableFuture<Reply> reply, IntSupplier protocol) {
    CompletableFuture<Reply> safe = reply.exceptionally(failure -> Reply.error("ERR internal error: " + failure));
    pending.add(new Pending(safe, protocol));
    safe.whenComplete((value, failure) -> onEventLoop(this::writeReady));
  }

  private static IntSupplier constant(int protocol) {
    return () -> protocol;
  }

  /** Writes the replies at the head of the queue that are complete, in order, in one flush. */
  private void writeReady() {
    ByteBuf out = null;
    while (!pending.isEmpty() && pending.peek().reply().isDone()) {
      Pending next = pending.poll();
      if (out == null) {
        out = ctx.alloc().buffer();
      }
      RespEncoder.write(next.reply().getNow(Reply.error("ERR internal error: no reply")), next.protocol().getAsInt(), out);
    }
    if (out == null) {
      return;
    }
    if (pending.size() < RESUME_READING_AT && !ctx.channel().config().isAutoRead() && !closeAfterReplies) {
      ctx.channel().config().setAutoRead(true);
    }
    if (closeAfterReplies && pending.isEmpty()) {
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(out);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    // Only a client's stall counts: not one while the node has stopped reading (backpressure).
    if (event instanceof IdleStateEvent && ctx.channel().config().isAutoRead() && decoder.midCommand()
        && !closeAfterReplies) {
      closeAfterReplies = true;
      answer(CompletableFuture.completedFuture(Reply.error(
          "ERR Protocol error: the rest of the command did not arrive in time")));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("RESP connection {} failed", session == null ? "?" : session.address, cause);
    ctx.close();
  }
}
