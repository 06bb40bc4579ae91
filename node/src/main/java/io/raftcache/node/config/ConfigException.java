package io.raftcache.node.config;

import java.nio.file.Path;

/** A cluster file that cannot be used, with the file and the field at fault. */
public final class ConfigException extends Exception {
  public ConfigException(Path file, String field, String problem) {
    super(file + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
  }
}
