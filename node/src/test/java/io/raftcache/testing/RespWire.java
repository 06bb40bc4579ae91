package io.raftcache.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;

/**
 * A bare RESP connection for tests: sends exactly the bytes given and reads one reply at a time
 * as the raw bytes the server wrote, so replies can be compared byte for byte with Redis's.
 */
public final class RespWire implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespWire(String host, int port) throws IOException {
    this(connect(host, port));
  }

  /** Over TLS, through {@code tls} (e.g. trusting a cluster's CA). */
  public RespWire(String host, int port, SSLSocketFactory tls) throws IOException {
    this(tls.createSocket(connect(host, port), host, port, true));
  }

  private RespWire(Socket socket) throws IOException {
    this.socket = socket;
    in = new java.io.BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(15_000);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** A command as a RESP array of bulk strings. */
  public static byte[] encode(String... words) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    write(frame, "*" + words.length + "\r\n");
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      write(frame, "$" + bytes.length + "\r\n");
      frame.writeBytes(bytes);
      write(frame, "\r\n");
    }
    return frame.toByteArray();
  }

  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(String raw) throws IOException {
    send(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends a command and returns its reply as text (RESP bytes as ISO-8859-1). */
  public String call(String... words) throws IOException {
    send(encode(words));
    return reply();
  }

  /** The next reply, whole, as the server wrote it. */
  public String reply() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    readValue(raw);
    return raw.toString(StandardCharsets.ISO_8859_1);
  }

  /** True once the server has closed the connection (after reading anything it still sent). */
  public boolean closedByServer() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  public void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  private void readValue(ByteArrayOutputStream raw) throws IOException {
    String line = readLine(raw);
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '$', '=', '!' -> {
        long length = Long.parseLong(rest);
        if (length >= 0) {
          raw.writeBytes(in.readNBytes((int) length + 2));
        }
      }
      case '*', '~', '>' -> {
        long count = Long.parseLong(rest);
        for (long i = 0; i < count; i++) {
          readValue(raw);
        }
      }
      case '%', '|' -> {
        long count = Long.parseLong(rest);
        for (long i = 0; i < 2 * count; i++) {
          readValue(raw);
        }
      }
      default -> { } // +, -, :, _, ,, #, ( are one line
    }
  }

  private String readLine(ByteArrayOutputStream raw) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed; read so far: " + raw.toString(StandardCharsets.ISO_8859_1)
            + line.toString(StandardCharsets.ISO_8859_1));
      }
      raw.write(b);
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
