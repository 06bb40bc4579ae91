package io.raftcache.node.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMAND, COMMAND COUNT / INFO / LIST / DOCS, answered from the RESP command table. */
final class CommandInfo {
  private CommandInfo() {}

  static Reply command(Call c, RespCommands table) {
    if (c.size() == 1) {
      return Reply.array(table.rows().stream().map(CommandInfo::info).toList());
    }
    switch (c.word(1)) {
      case "COUNT" -> {
        return Reply.integer(table.rows().size());
      }
      case "LIST" -> {
        return Reply.array(table.rows().stream().map(r -> Reply.bulk(r.name())).toList());
      }
      case "INFO" -> {
        List<Reply> infos = new ArrayList<>();
        for (int i = 2; i < c.size(); i++) {
          RespCommand row = table.named(c.text(i).toLowerCase(Locale.ROOT));
          infos.add(row == null ? Reply.NULL_ARRAY : info(row));
        }
        return Reply.array(c.size() == 2 ? table.rows().stream().map(CommandInfo::info).toList() : infos);
      }
      case "DOCS" -> {
        // No documentation is kept; clients (redis-cli's hints) take an empty answer as "none".
        return new Reply.MapReply(List.of());
      }
      default -> throw ServerCommands.unknownSubcommand(c);
    }
  }

  /** One command as Redis 7 describes it: name, arity, flags, first/last key, step, and four lists. */
  static Reply info(RespCommand row) {
    return Reply.array(List.of(
        Reply.bulk(row.name()),
        Reply.integer(row.arity()),
        new Reply.SetReply(row.flags().stream().<Reply>map(Reply.Simple::new).toList()),
        Reply.integer(row.firstKey()),
        Reply.integer(row.lastKey()),
        Reply.integer(row.step()),
        new Reply.SetReply(List.of()),
        new Reply.SetReply(List.of()),
        Reply.EMPTY_ARRAY,
        Reply.EMPTY_ARRAY));
  }
}
