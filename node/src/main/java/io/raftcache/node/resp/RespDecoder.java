package io.raftcache.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a connection's bytes into commands: RESP arrays of bulk strings ({@code *2\r\n$3\r\nGET
 * ...}) or inline commands ({@code GET key\n}, as typed into telnet). Emits a {@link Command} per
 * command, in order, however the bytes were cut; the first malformed or oversized frame emits a
 * {@link ProtocolError} with Redis's wording, and everything after it is discarded.
 */
final class RespDecoder extends ByteToMessageDecoder {
  /** A parsed command: its name and arguments, as bytes. */
  record Command(List<byte[]> args) {
    String name() {
      return new String(args.get(0), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Bytes that break the protocol; the connection is to be closed after the error is sent. */
  record ProtocolError(String message) {}

  /** Redis's limits for an inline command and for the count line of an array or bulk string. */
  static final int MAX_INLINE_BYTES = 64 << 10;
  static final int MAX_ARGS = 1024 * 1024;

  private final long maxCommandBytes;
  /** Arguments still to read of the array in progress; -1 between commands. */
  private long argsLeft = -1;
  private List<byte[]> args;
  /** Length of the bulk string in progress; -1 before its {@code $} line. */
  private long bulkLength = -1;
  private long commandBytes;
  private boolean failed;

  /** @param maxCommandBytes the most bytes one bulk string, or all of one command's, may hold */
  RespDecoder(long maxCommandBytes) {
    this.maxCommandBytes = maxCommandBytes;
  }

  /** Whether part of a command has arrived and the rest has not. */
  boolean midCommand(ByteBuf buffered) {
    return !failed && (argsLeft >= 0 || (buffered != null && buffered.isReadable()));
  }

  boolean midCommand() {
    return midCommand(internalBuffer());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      Object next = argsLeft < 0 ? startCommand(in) : nextArgument(in);
      if (next == null) {
        return; // the rest has not arrived
      }
      if (next instanceof ProtocolError) {
        failed = true;
      }
      if (next != NOTHING) {
        out.add(next);
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }

  /** Returned when bytes were consumed but no command completed. */
  private static final Object NOTHING = new Object();

  private Object startCommand(ByteBuf in) {
    if (in.getByte(in.readerIndex()) != '*') {
      return inline(in);
    }
    String count = line(in, in.readerIndex() + 1);
    if (count == null) {
      return in.readableBytes() > MAX_INLINE_BYTES ? error("too big mbulk count string") : null;
    }
    long n = parseLong(count);
    if (n == Long.MIN_VALUE || n > MAX_ARGS) {
      return error("invalid multibulk length");
    }
    if (n <= 0) {
      return NOTHING; // an empty array is skipped, as Redis does
    }
    argsLeft = n;
    args = new ArrayList<>((int) Math.min(n, 1024));
    commandBytes = 0;
    return NOTHING;
  }

  private Object nextArgument(ByteBuf in) {
    if (bulkLength < 0) {
      byte type = in.getByte(in.readerIndex());
      if (type != '$') {
        return error("expected '$', got '" + (char) type + "'");
      }
      String length = line(in, in.readerIndex() + 1);
      if (length == null) {
        return in.readableBytes() > MAX_INLINE_BYTES ? error("too big bulk count string") : null;
      }
      long n = parseLong(length);
      commandBytes += Math.max(n, 0);
      if (n < 0 || n > maxCommandBytes || commandBytes > maxCommandBytes) {
        return error("invalid bulk length");
      }
      bulkLength = n;
    }
    if (in.readableBytes() < bulkLength + 2) {
      return null;
    }
    byte[] value = new byte[(int) bulkLength];
    in.readBytes(value);
    in.skipBytes(2);
    args.add(value);
    bulkLength = -1;
    if (--argsLeft > 0) {
      return NOTHING;
    }
    argsLeft = -1;
    Command command = new Command(List.copyOf(args));
    args = null;
    return command;
  }

  private Object inline(ByteBuf in) {
    int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      return in.readableBytes() > MAX_INLINE_BYTES ? error("too big inline request") : null;
    }
    int end = newline > in.readerIndex() && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    String text = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
    in.readerIndex(newline + 1);
    List<byte[]> words = InlineWords.split(text);
    if (words == null) {
      return error("unbalanced quotes in request");
    }
    return words.isEmpty() ? NOTHING : new Command(words);
  }

  /** The line starting at {@code from}, consumed with its line end; null if it has not all arrived. */
  private static String line(ByteBuf in, int from) {
    int newline = in.indexOf(from, in.writerIndex(), (byte) '\n');
    if (newline < 0) {
      return null;
    }
    int end = newline > from && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
    String text = in.toString(from, end - from, StandardCharsets.US_ASCII);
    in.readerIndex(newline + 1);
    return text;
  }

  /** A decimal integer as Redis accepts it (no sign but '-', no spaces); Long.MIN_VALUE if none. */
  static long parseLong(String text) {
    if (text.isEmpty() || text.length() > 20 || text.startsWith("+") || (text.length() > 1 && text.startsWith("0"))
        || text.startsWith("-0")) {
      return text.equals("0") ? 0 : Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static ProtocolError error(String problem) {
    return new ProtocolError("ERR Protocol error: " + problem);
  }
}
