package io.raftcache.chaos.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A history as JSON lines, one operation each, so a failed run can be read and checked again. */
public final class HistoryFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HistoryFile() {}

  public static void write(Path file, List<Op> ops) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (Op op : ops) {
        out.write(JSON.writeValueAsString(op));
        out.newLine();
      }
    }
  }

  public static List<Op> read(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.map(line -> {
        try {
          return JSON.readValue(line, Op.class);
        } catch (IOException e) {
          throw new IllegalArgumentException("not an operation: " + line, e);
        }
      }).toList();
    }
  }
}
