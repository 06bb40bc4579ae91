package io.raftcache.cli;

import io.raftcache.client.internal.BackupReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backups in one folder: each in a subfolder {@code backup-<UTC time>}, so that their names
 * sort by age; the oldest complete ones beyond {@code keep} are deleted, and so is any folder a
 * backup was interrupted in (it has no manifest) once a later backup has completed.
 */
final class Backups {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("'backup-'yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final int keep;

  /** @param keep how many complete backups to keep; 0: all */
  Backups(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  Path nextFolder() {
    return dir.resolve(NAME.format(Instant.now()));
  }

  /** Deletes what {@code keep} says must go; returns what it deleted. */
  List<Path> deleteBeyondKeep() throws IOException {
    List<Path> newestFirst;
    try (Stream<Path> entries = Files.list(dir)) {
      newestFirst = entries.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("backup-"))
          .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
    }
    List<Path> deleted = new ArrayList<>();
    int complete = 0;
    boolean laterCompleted = false;
    for (Path backup : newestFirst) {
      boolean isComplete = Files.exists(backup.resolve(BackupReceiver.MANIFEST));
      complete += isComplete ? 1 : 0;
      if ((isComplete && keep > 0 && complete > keep) || (!isComplete && laterCompleted)) {
        deleteRecursively(backup);
        deleted.add(backup);
      }
      laterCompleted |= isComplete;
    }
    return deleted;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
