package io.raftcache.node.api;

/** A request that breaks a rule of the API, naming the field at fault. */
final class InvalidRequestException extends Exception {
  InvalidRequestException(String field, String problem) {
    super(field + ": " + problem, null, false, false);
  }
}
