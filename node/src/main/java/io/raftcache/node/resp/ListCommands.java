package io.raftcache.node.resp;

import static io.raftcache.node.resp.DataCommands.read;
import static io.raftcache.node.resp.DataCommands.run;
import static io.raftcache.node.resp.DataCommands.write;

import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.internal.ListPopRequest;
import io.raftcache.proto.internal.ListPosRequest;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.ListRangeRequest;
import io.raftcache.proto.internal.ListRemoveRequest;
import io.raftcache.proto.internal.ListSetRequest;
import io.raftcache.proto.v1.KeyRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Redis syntax of the list commands, over the command table. */
final class ListCommands {
  private static final Reply NO_SUCH_KEY = Reply.error("ERR no such key");

  private ListCommands() {}

  static List<RespCommand> all() {
    return List.of(
        write("lpush", -3, 1, 1, c -> push(c, true, false)),
        write("rpush", -3, 1, 1, c -> push(c, false, false)),
        write("lpushx", -3, 1, 1, c -> push(c, true, true)),
        write("rpushx", -3, 1, 1, c -> push(c, false, true)),
        write("lpop", -2, 1, 1, c -> pop(c, true)),
        write("rpop", -2, 1, 1, c -> pop(c, false)),
        read("lrange", 4, 1, 1, c -> run(c, CommandTable.LRANGE, range(c), r -> Reply.bulks(r.getMembersList()))),
        read("lindex", 3, 1, 1, c -> {
          if (!c.isInteger(2)) {
            return afterKeyCheck(c, Reply.NULL);
          }
          long index = c.integer(2);
          return run(c, CommandTable.LRANGE, ListRangeRequest.newBuilder().setKey(c.bytes(1)).setStart(index)
              .setStop(index).build(), r -> r.getMembersCount() == 0 ? Reply.NULL : Reply.bulk(r.getMembers(0)));
        }),
        read("llen", 2, 1, 1, c -> run(c, CommandTable.LLEN, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
            r -> Reply.integer(r.getCount()))),
        write("lset", 4, 1, 1, c -> !c.isInteger(2) ? afterKeyCheck(c, NO_SUCH_KEY)
            : run(c, CommandTable.LSET, ListSetRequest.newBuilder().setKey(c.bytes(1))
                .setIndex(c.integer(2)).setElement(c.bytes(3)).build(),
                r -> !r.getFound() ? NO_SUCH_KEY : r.getInRange() ? Reply.OK : Reply.error("ERR index out of range"))),
        write("lrem", 4, 1, 1, c -> run(c, CommandTable.LREM, ListRemoveRequest.newBuilder().setKey(c.bytes(1))
            .setCount(c.integer(2)).setElement(c.bytes(3)).build(), r -> Reply.integer(r.getCount()))),
        write("ltrim", 4, 1, 1, c -> run(c, CommandTable.LTRIM, range(c), r -> Reply.OK)),
        read("lpos", -3, 1, 1, ListCommands::lpos));
  }

  /**
   * LINDEX and LSET look the key up before they read the index: a bad index is reported only for
   * a list; a missing key answers {@code ifMissing}, another type WRONGTYPE.
   */
  private static CompletableFuture<Reply> afterKeyCheck(Call c, Reply ifMissing) {
    return run(c, CommandTable.LLEN, KeyRequest.newBuilder().setKey(c.bytes(1)).build(),
        r -> r.getCount() == 0 ? ifMissing : Reply.error(RespException.notInteger().getMessage()));
  }

  /** Redis answers a negative number and a word alike here. */
  private static long nonNegative(Call c, int i, String option) {
    long value = RespDecoder.parseLong(c.text(i));
    if (value < 0) {
      throw new RespException("ERR " + option + " can't be negative");
    }
    return value;
  }

  private static ListRangeRequest range(Call c) {
    return ListRangeRequest.newBuilder().setKey(c.bytes(1)).setStart(c.integer(2)).setStop(c.integer(3)).build();
  }

  private static CompletableFuture<Reply> push(Call c, boolean front, boolean onlyIfExists) {
    return run(c, CommandTable.LPUSH, ListPushRequest.newBuilder().setKey(c.bytes(1)).addAllElements(c.bytesFrom(2))
        .setFront(front).setOnlyIfExists(onlyIfExists).build(), r -> Reply.integer(r.getValue()));
  }

  /** LPOP / RPOP key [count]: without a count one element or nil; with one an array, or a null array. */
  private static CompletableFuture<Reply> pop(Call c, boolean front) {
    if (c.size() > 3) {
      throw c.wrongArity();
    }
    boolean counted = c.size() == 3;
    long count = counted ? c.count(2) : 1;
    return run(c, CommandTable.LPOP, ListPopRequest.newBuilder().setKey(c.bytes(1)).setCount(count).setFront(front)
        .build(), r -> counted ? (r.getFound() ? Reply.bulks(r.getElementsList()) : Reply.NULL_ARRAY)
            : r.getElementsCount() == 0 ? Reply.NULL : Reply.bulk(r.getElements(0)));
  }

  /** LPOS key element [RANK rank] [COUNT count] [MAXLEN len], options checked before the key, as Redis. */
  private static CompletableFuture<Reply> lpos(Call c) {
    ListPosRequest.Builder request = ListPosRequest.newBuilder().setKey(c.bytes(1)).setElement(c.bytes(2)).setRank(1);
    boolean counted = false;
    for (int i = 3; i < c.size(); i += 2) {
      if (i + 1 >= c.size()) {
        throw RespException.syntax();
      }
      String option = c.word(i);
      if (!List.of("RANK", "COUNT", "MAXLEN").contains(option)) {
        throw RespException.syntax();
      }
      switch (option) {
        case "RANK" -> {
          long value = c.integer(i + 1);
          if (value == 0) {
            throw new RespException("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second"
                + " ... or use negative to start from the end of the list");
          }
          request.setRank(value);
        }
        case "COUNT" -> {
          counted = true;
          request.setCount(nonNegative(c, i + 1, "COUNT"));
        }
        case "MAXLEN" -> request.setMaxLen(nonNegative(c, i + 1, "MAXLEN"));
        default -> throw RespException.syntax();
      }
    }
    boolean answerArray = counted;
    return run(c, CommandTable.LPOS, request.build(), r -> answerArray
        ? Reply.array(r.getIndexesList().stream().map(Reply::integer).toList())
        : r.getIndexesCount() == 0 ? Reply.NULL : Reply.integer(r.getIndexes(0)));
  }
}
