package io.raftcache.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code raftcache} with no command: reads commands, one per line, and runs each with the
 * session's client, so a run of commands pays for one JVM start and one connection. With a
 * terminal it prompts; from a pipe it just reads. {@code quit}, {@code exit} or end of input stop.
 */
final class Interactive {
  private final BufferedReader in;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean prompt;
  private final CommandLine commandLine;

  /**
   * @param commandLine runs each command (picocli resets its options between runs); made once,
   *     since making one costs tens of milliseconds
   */
  Interactive(BufferedReader in, PrintWriter out, PrintWriter err, boolean prompt, CommandLine commandLine) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.prompt = prompt;
    this.commandLine = commandLine;
  }

  /** Runs commands until the input ends; returns the exit status of the last one. */
  int run() throws IOException {
    int status = 0;
    while (true) {
      if (prompt) {
        out.print("raftcache> ");
        out.flush();
      }
      String line = in.readLine();
      if (line == null) {
        return status;
      }
      List<String> words;
      try {
        words = CommandLineWords.split(line);
      } catch (IllegalArgumentException e) {
        err.println("raftcache: " + e.getMessage());
        err.flush();
        status = RaftcacheCli.ERROR;
        continue;
      }
      if (words.isEmpty()) {
        continue;
      }
      if (words.size() == 1 && (words.get(0).equalsIgnoreCase("quit") || words.get(0).equalsIgnoreCase("exit"))) {
        return status;
      }
      if (words.get(0).startsWith("-")) {
        // The session's client was made with the options the mode started with; a line's own
        // would be silently ignored, and one without a command would start a mode inside this one.
        err.println("raftcache: '" + words.get(0) + "': options are given when the interactive mode starts"
            + " (e.g. raftcache --stale), not on its lines");
        err.flush();
        status = RaftcacheCli.ERROR;
        continue;
      }
      status = runOne(words);
    }
  }

  private int runOne(List<String> words) {
    WatchedWriter watched = new WatchedWriter(out);
    PrintWriter commandOut = new PrintWriter(watched, true);
    commandLine.setOut(commandOut);
    commandLine.setErr(err);
    int status = commandLine.execute(words.toArray(String[]::new));
    commandOut.flush();
    if (status == RaftcacheCli.MISS && !watched.written) {
      out.println("(nil)"); // a miss prints nothing on the command line; say so here, as redis-cli does
    }
    out.flush();
    err.flush();
    return status;
  }

  /** Passes writes through, noting whether there were any. */
  private static final class WatchedWriter extends Writer {
    private final Writer target;
    boolean written;

    WatchedWriter(Writer target) {
      this.target = target;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      written |= length > 0;
      target.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
