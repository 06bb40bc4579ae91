package io.raftcache.node.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and its kin, for Sentinel's {@code +switch-master} notices (see {@link LeaderChanges}).
 * Any channel may be subscribed to, as in Redis; raftcache publishes only that one.
 */
final class PubSubCommands {
  private static final List<String> FLAGS = List.of("pubsub", "loading", "stale");

  private PubSubCommands() {}

  static List<RespCommand> all() {
    return List.of(
        row("subscribe", -2, c -> subscribe(c, c.session.channels, "subscribe")),
        row("psubscribe", -2, c -> subscribe(c, c.session.patterns, "psubscribe")),
        row("unsubscribe", -1, c -> unsubscribe(c, c.session.channels, "unsubscribe")),
        row("punsubscribe", -1, c -> unsubscribe(c, c.session.patterns, "punsubscribe")),
        row("publish", 3, c -> {
          throw new RespException("ERR raftcache does not relay PUBLISH; its only channel is "
              + LeaderChanges.CHANNEL);
        }));
  }

  private static RespCommand row(String name, int arity, java.util.function.Function<Call, Reply> handler) {
    return new RespCommand(name, arity, FLAGS, 0, 0, 0, c -> CompletableFuture.completedFuture(handler.apply(c)));
  }

  private static Reply subscribe(Call c, Set<String> names, String kind) {
    List<Reply> replies = new ArrayList<>();
    for (int i = 1; i < c.size(); i++) {
      names.add(c.text(i));
      replies.add(notice(kind, Reply.bulk(c.text(i)), c.session.subscriptions()));
    }
    c.node.leaderChanges.subscribed(c.session);
    return new Reply.Several(replies);
  }

  private static Reply unsubscribe(Call c, Set<String> names, String kind) {
    List<String> leaving = c.size() > 1 ? c.args.subList(1, c.size()).stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList()
        : List.copyOf(names);
    List<Reply> replies = new ArrayList<>();
    for (String name : leaving) {
      names.remove(name);
      replies.add(notice(kind, Reply.bulk(name), c.session.subscriptions()));
    }
    if (leaving.isEmpty()) {
      replies.add(notice(kind, Reply.NULL, c.session.subscriptions()));
    }
    if (c.session.subscriptions() == 0) {
      c.node.leaderChanges.gone(c.session);
    }
    return new Reply.Several(replies);
  }

  private static Reply notice(String kind, Reply channel, int count) {
    return new Reply.Push(List.of(Reply.bulk(kind), channel, Reply.integer(count)));
  }
}
