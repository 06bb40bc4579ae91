package io.raftcache.node.resp;

import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.KeysRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Between MULTI and EXEC the connection queues commands
 * (see {@link RespConnection}); EXEC sends them as one log entry, so every replica applies them
 * together, and aborts it if a watched key's version changed since WATCH.
 */
final class MultiCommands {
  private static final List<String> FLAGS = List.of("noscript", "loading", "stale", "fast");

  private MultiCommands() {}

  static List<RespCommand> all(RespCommands table) {
    return List.of(
        new RespCommand("multi", 1, FLAGS, 0, 0, 0, c -> now(multi(c))),
        new RespCommand("discard", 1, FLAGS, 0, 0, 0, c -> now(discard(c))),
        new RespCommand("unwatch", 1, FLAGS, 0, 0, 0, c -> {
          c.session.watched.clear();
          return now(Reply.OK);
        }),
        // A read of the keys' versions, so it waits for the connection's earlier writes.
        new RespCommand("watch", -2, List.of("readonly", "noscript", "loading", "stale", "fast"), 1, -1, 1,
            MultiCommands::watch),
        // A write: it waits for the connection's earlier reads.
        new RespCommand("exec", 1, List.of("write", "noscript", "loading", "stale"), 0, 0, 0, c -> exec(c, table)));
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

  private static CompletableFuture<Reply> watch(Call c) {
    if (c.session.queued != null) {
      throw new RespException("ERR WATCH inside MULTI is not allowed");
    }
    KeysRequest keys = KeysRequest.newBuilder().addAllKeys(c.bytesFrom(1)).build();
    return DataCommands.run(c, CommandTable.VERSIONS, keys, versions -> {
      for (int i = 0; i < keys.getKeysCount(); i++) {
        c.session.watched.putIfAbsent(keys.getKeys(i), versions.getVersions(i));
      }
      return Reply.OK;
    });
  }

  private static CompletableFuture<Reply> exec(Call c, RespCommands table) {
    Session session = c.session;
    List<List<byte[]>> queued = session.queued;
    if (queued == null) {
      throw new RespException("ERR EXEC without MULTI");
    }
    boolean refused = session.queueRefused;
    Map<com.google.protobuf.ByteString, Long> watched = Map.copyOf(session.watched);
    session.endTransaction();
    if (refused) {
      throw new RespException("EXECABORT Transaction discarded because of previous errors.");
    }
    ExecPlan plan = new ExecPlan();
    for (List<byte[]> words : queued) {
      Call step = new Call(words, session, c.node, plan);
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
