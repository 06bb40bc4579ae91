package io.raftcache.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
  /** The commands that act at once inside MULTI instead of being queued. */
  private static final Set<String> TRANSACTION_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
  private static final Set<String> ALLOWED_WHILE_SUBSCRIBED =
      Set.of("subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ping", "quit", "reset");

  private final RespNode node;
  private final RespCommands commands;
  private final RespDecoder decoder;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Complete once every write (read) this connection sent so far is answered. */
  private CompletableFuture<?> writesDone = CompletableFuture.completedFuture(null);
  private CompletableFuture<?> readsDone = CompletableFuture.completedFuture(null);
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
    answer(run(name, new Call(command.args(), session, node)));
    if (name.equals("quit")) {
      closeAfterReplies = true;
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
    if (queueing) {
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
    if (row.isWrite()) {
      CompletableFuture<Reply> reply = after(readsDone, row, call);
      writesDone = writesDone.isDone() ? reply : CompletableFuture.allOf(writesDone, reply);
      return reply;
    }
    if (row.isRead()) {
      CompletableFuture<Reply> reply = after(writesDone, row, call);
      readsDone = readsDone.isDone() ? reply : CompletableFuture.allOf(readsDone, reply);
      return reply;
    }
    return invoke(row, call);
  }

  private CompletableFuture<Reply> after(CompletableFuture<?> earlier, RespCommand row, Call call) {
    return earlier.isDone() ? invoke(row, call) : earlier.thenCompose(ignored -> invoke(row, call));
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

  /** A reply to come, and the protocol version the connection had when its command was sent. */
  private record Pending(CompletableFuture<Reply> reply, int protocol) {}

  private void answer(CompletableFuture<Reply> reply) {
    pending.add(new Pending(reply, session == null ? 2 : session.protocol));
    reply.whenComplete((value, failure) -> {
      if (ctx.executor().inEventLoop()) {
        writeReady();
      } else {
        ctx.executor().execute(this::writeReady);
      }
    });
  }

  /** Writes the replies at the head of the queue that are complete, in order, in one flush. */
  private void writeReady() {
    ByteBuf out = null;
    while (!pending.isEmpty() && pending.peek().reply().isDone()) {
      Pending next = pending.poll();
      if (out == null) {
        out = ctx.alloc().buffer();
      }
      RespEncoder.write(next.reply().getNow(Reply.error("ERR internal error: no reply")), next.protocol(), out);
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
    if (event instanceof IdleStateEvent && decoder.midCommand() && !closeAfterReplies) {
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
