package io.raftcache.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Writes the keys of a Redis-protocol server (a Redis, or raftcache's RESP port) as the Redis
 * commands that rebuild them, which {@code redis-cli --pipe} replays into either: for each key a
 * DEL, the commands that make its value (at most {@link #MEMBERS_PER_COMMAND} members each), and a
 * PEXPIREAT for a key with a TTL. Keys are found by SCAN, so the export is not a snapshot of one
 * moment: a key changed meanwhile is exported as one of its values.
 */
public final class RespExport {
  /** Within the smallest max_batch_keys a cluster is likely to have (the default is 1000). */
  static final int MEMBERS_PER_COMMAND = 100;
  private static final int SCAN_COUNT = 1000;

  private final Jedis source;
  private final OutputStream out;

  public RespExport(Jedis source, OutputStream out) {
    this.source = source;
    this.out = out;
  }

  /** Exports every key matching {@code match}; returns how many were written. */
  public long export(String match) throws IOException {
    ScanParams params = new ScanParams().match(match).count(SCAN_COUNT);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    long keys = 0;
    do {
      ScanResult<byte[]> page = source.scan(cursor, params);
      for (byte[] key : page.getResult()) {
        keys += exportChanging(key) ? 1 : 0;
      }
      cursor = page.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    out.flush();
    return keys;
  }

  /** A key whose type changed between TYPE and the read is read again, once. */
  private boolean exportChanging(byte[] key) throws IOException {
    try {
      return exportKey(key);
    } catch (JedisDataException changedType) {
      return exportKey(key);
    }
  }

  /** False if the key was gone by the time it was read. */
  private boolean exportKey(byte[] key) throws IOException {
    String type = source.type(key);
    long ttlMillis = source.pttl(key);
    long readAt = System.currentTimeMillis();
    List<List<byte[]>> commands = switch (type) {
      case "string" -> {
        byte[] value = source.get(key);
        yield value == null ? List.of() : List.of(List.of(bytes("SET"), key, value));
      }
      case "hash" -> chunked("HSET", key, flatten(source.hgetAll(key)));
      case "set" -> chunked("SADD", key, new ArrayList<>(source.smembers(key)));
      case "zset" -> chunked("ZADD", key, scoresAndMembers(source.zrangeWithScores(key, 0, -1)));
      case "list" -> chunked("RPUSH", key, source.lrange(key, 0, -1));
      case "none" -> List.of();
      default -> throw new IOException("key " + new String(key, StandardCharsets.UTF_8) + " holds a " + type
          + ", which this export does not write");
    };
    if (commands.isEmpty()) {
      return false;
    }
    command(List.of(bytes("DEL"), key));
    for (List<byte[]> command : commands) {
      command(command);
    }
    if (ttlMillis > 0) {
      command(List.of(bytes("PEXPIREAT"), key, bytes(Long.toString(readAt + ttlMillis))));
    }
    return true;
  }

  private static List<byte[]> flatten(Map<byte[], byte[]> fields) {
    List<byte[]> flat = new ArrayList<>();
    fields.forEach((field, value) -> {
      flat.add(field);
      flat.add(value);
    });
    return flat;
  }

  private static List<byte[]> scoresAndMembers(List<Tuple> tuples) {
    List<byte[]> flat = new ArrayList<>();
    for (Tuple t : tuples) {
      double score = t.getScore();
      flat.add(bytes(Double.isInfinite(score) ? (score > 0 ? "+inf" : "-inf") : Double.toString(score)));
      flat.add(t.getBinaryElement());
    }
    return flat;
  }

  /** {@code name key args...}, split so that no command carries more than MEMBERS_PER_COMMAND members (pairs stay whole). */
  private static List<List<byte[]>> chunked(String name, byte[] key, List<byte[]> args) {
    int step = name.equals("HSET") || name.equals("ZADD") ? 2 * MEMBERS_PER_COMMAND : MEMBERS_PER_COMMAND;
    List<List<byte[]>> commands = new ArrayList<>();
    for (int i = 0; i < args.size(); i += step) {
      List<byte[]> command = new ArrayList<>(List.of(bytes(name), key));
      command.addAll(args.subList(i, Math.min(args.size(), i + step)));
      commands.add(command);
    }
    return commands;
  }

  /** One command in the Redis protocol: an array of bulk strings. */
  private void command(List<byte[]> args) throws IOException {
    out.write(bytes("*" + args.size() + "\r\n"));
    for (byte[] arg : args) {
      out.write(bytes("$" + arg.length + "\r\n"));
      out.write(arg);
      out.write(CRLF);
    }
  }

  private static final byte[] CRLF = bytes("\r\n");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
