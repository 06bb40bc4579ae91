package io.raftcache.node.resp;

import com.google.protobuf.ByteString;
import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.KeysRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Between MULTI and EXEC the connection queues commands
 * (see {@link RespConnection}); EXEC sends them as one log entry, so every replica applies them
 * together, and aborts it if a watched key's version changed since WATCH. The transaction's state
 * changes as the commands arrive, on the connection's event loop; WATCH's read and EXEC's proposal
 * then wait their turn like any read and write.
 */
final class MultiCommands {
  private static final List<String> FLAGS = List.of("noscript", "loading", "stale", "fast");

  /** What EXEC found when it arrived: the queued commands and the pending WATCH reads. */
  record Queued(List<List<byte[]>> commands, List<CompletableFuture<Map<ByteString, Long>>> watches) {}

  private MultiCommands() {}

  static List<RespCommand> all(RespCommands table) {
    return List.of(
        new RespCommand("multi", 1, FLAGS, 0, 0, 0, c -> now(multi(c))),
        new RespCommand("discard", 1, FLAGS, 0, 0, 0, c -> now(discard(c))),
        new RespCommand("unwatch", 1, FLAGS, 0, 0, 0, c -> {
          c.session.watches.clear();
          return now(Reply.OK);
        }),
        // A read of the keys' versions, so it waits for the connection's earlier writes.
        new RespCommand("watch", -2, List.of("readonly", "noscript", "loading", "stale", "fast"), 1, -1, 1,
            MultiCommands::watch, MultiCommands::watchArrived),
        // A write: it waits for the connection's earlier reads, WATCH's among them.
        new RespCommand("exec", 1, List.of("write", "noscript", "loading", "stale"), 0, 0, 0,
            c -> exec(c, table), MultiCommands::execArrived));
  }

  private static CompletableFuture<Reply> now(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  private static Reply multi(Call c) {
    if (c.session.queued != null) {
      throw new RespException("ERR MULTI calls can not be nested");
    }
    c.session.queued = new ArrayList<>();
    return Reply.OK;
  }

  private static Reply discard(Call c) {
    if (c.session.queued == null) {
      throw new RespException("ERR DISCARD without MULTI");
    }
    c.session.endTransaction();
    return Reply.OK;
  }

  private static Call watchArrived(Call c) {
    if (c.session.queued != null) {
      throw new RespException("ERR WATCH inside MULTI is not allowed");
    }
    CompletableFuture<Map<ByteString, Long>> versions = new CompletableFuture<>();
    c.session.watches.add(versions);
    return c.withWatch(versions);
  }

  private static CompletableFuture<Reply> watch(Call c) {
    KeysRequest keys = KeysRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build();
    CompletableFuture<Reply> reply = DataCommands.run(c, CommandTable.VERSIONS, keys, read -> {
      Map<ByteString, Long> versions = new HashMap<>();
      for (int i = 0; i < keys.getKeysCount(); i++) {
        versions.putIfAbsent(keys.getKeys(i), read.getVersions(i));
      }
      c.watch.complete(versions);
      return Reply.OK;
    });
    // A failed read (no leader) leaves the versions unknown: EXEC must not run unwatched.
    return reply.whenComplete((answer, failure) -> c.watch.completeExceptionally(
        new IllegalStateException(answer instanceof Reply.Error e ? e.text() : "the WATCH read failed")));
  }

  private static Call execArrived(Call c) {
    Session session = c.session;
    if (session.queued == null) {
      throw new RespException("ERR EXEC without MULTI");
    }
    boolean refused = session.queueRefused;
    Queued queued = new Queued(session.queued, List.copyOf(session.watches));
    session.endTransaction();
    if (refused) {
      throw new RespException("EXECABORT Transaction discarded because of previous errors.");
    }
    return c.withQueued(queued);
  }

  private static CompletableFuture<Reply> exec(Call c, RespCommands table) {
    Map<ByteString, Long> watched = new HashMap<>();
    for (CompletableFuture<Map<ByteString, Long>> versions : c.queued.watches()) {
      // Complete by now: EXEC starts after the connection's earlier reads, WATCH's included.
      Map<ByteString, Long> read = versions.getNow(null);
      if (read == null || versions.isCompletedExceptionally()) {
        return now(Reply.error("EXECABORT a WATCH could not read its keys' versions"));
      }
      read.forEach(watched::putIfAbsent);
    }
    ExecPlan plan = new ExecPlan();
    for (List<byte[]> words : c.queued.commands()) {
      Call step = new Call(words, c.session, c.node, plan);
      int before = plan.size();
      Reply immediate;
      try {
        immediate = table.named(step.name()).handler().run(step).getNow(Reply.error("ERR internal error"));
      } catch (RespException refusedStep) {
        immediate = Reply.error(refusedStep.getMessage());
      }
      if (plan.size() == before) {
        plan.add(immediate);
      }
    }
    return DataCommands.run(c, CommandTable.EXEC, plan.transaction(watched), plan::reply);
  }
}
