package io.raftcache.node.resp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes {@link Reply} values in RESP2 or RESP3. */
final class RespEncoder {
  private static final byte[] CRLF = {'\r', '\n'};

  private RespEncoder() {}

  static void write(Reply reply, int protocol, ByteBuf out) {
    boolean resp3 = protocol >= 3;
    if (reply instanceof Reply.Bulk b) {
      bulk(out, b.bytes());
    } else if (reply instanceof Reply.Simple s) {
      line(out, '+', s.text());
    } else if (reply instanceof Reply.Int i) {
      line(out, ':', Long.toString(i.value()));
    } else if (reply instanceof Reply.Error e) {
      line(out, '-', e.text().replace('\r', ' ').replace('\n', ' '));
    } else if (reply instanceof Reply.Null) {
      line(out, resp3 ? '_' : '$', resp3 ? "" : "-1");
    } else if (reply instanceof Reply.NullArray) {
      line(out, resp3 ? '_' : '*', resp3 ? "" : "-1");
    } else if (reply instanceof Reply.Array a) {
      aggregate(out, '*', a.items(), protocol);
    } else if (reply instanceof Reply.SetReply s) {
      aggregate(out, resp3 ? '~' : '*', s.items(), protocol);
    } else if (reply instanceof Reply.Several several) {
      several.replies().forEach(r -> write(r, protocol, out));
    } else if (reply instanceof Reply.Push p) {
      aggregate(out, resp3 ? '>' : '*', p.items(), protocol);
    } else if (reply instanceof Reply.MapReply m) {
      if (resp3) {
        line(out, '%', Integer.toString(m.keysAndValues().size() / 2));
        m.keysAndValues().forEach(item -> write(item, protocol, out));
      } else {
        aggregate(out, '*', m.keysAndValues(), protocol);
      }
    } else if (reply instanceof Reply.Score d) {
      if (resp3) {
        line(out, ',', Scores.format(d.value()));
      } else {
        bulk(out, Scores.format(d.value()).getBytes(StandardCharsets.US_ASCII));
      }
    } else if (reply instanceof Reply.Bool b) {
      line(out, resp3 ? '#' : ':', resp3 ? (b.value() ? "t" : "f") : (b.value() ? "1" : "0"));
    } else {
      throw new IllegalArgumentException("no encoding for " + reply);
    }
  }

  private static void aggregate(ByteBuf out, char type, List<Reply> items, int protocol) {
    line(out, type, Integer.toString(items.size()));
    for (Reply item : items) {
      write(item, protocol, out);
    }
  }

  private static void bulk(ByteBuf out, byte[] bytes) {
    line(out, '$', Integer.toString(bytes.length));
    out.writeBytes(bytes);
    out.writeBytes(CRLF);
  }

  private static void line(ByteBuf out, char type, String text) {
    out.writeByte(type);
    out.writeCharSequence(text, StandardCharsets.UTF_8);
    out.writeBytes(CRLF);
  }
}
