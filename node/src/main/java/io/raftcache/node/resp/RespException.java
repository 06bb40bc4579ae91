package io.raftcache.node.resp;

/** A command refused before it ran: the message is Redis's error text, code first. */
final class RespException extends RuntimeException {
  RespException(String redisError) {
    super(redisError, null, false, false);
  }

  static RespException syntax() {
    return new RespException("ERR syntax error");
  }

  static RespException notInteger() {
    return new RespException("ERR value is not an integer or out of range");
  }

  static RespException notFloat() {
    return new RespException("ERR value is not a valid float");
  }
}
