package io.raftcache.node.command;

/** A request that breaks a rule of the API, naming the field at fault. */
public final class InvalidRequestException extends Exception {
  public InvalidRequestException(String field, String problem) {
    super(field + ": " + problem, null, false, false);
  }
}
