package io.raftcache.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One operation a client ran, as it saw it: when it was invoked and returned (monotonic
 * nanoseconds), what it asked and what it got.
 *
 * @param process the client (worker) that ran it; one process runs one operation at a time
 * @param kind what was asked
 * @param key the key it touched
 * @param input the value written (WRITE), or the new value (CAS); null otherwise
 * @param expected for CAS, the value it required; null otherwise
 * @param output what a READ returned (null = missing), or for CAS "true"/"false", or for INCR the
 *     new value
 * @param outcome whether it took effect: OK, FAILED (certainly not), UNKNOWN (maybe)
 */
public record Op(
    int process,
    Kind kind,
    String key,
    String input,
    String expected,
    String output,
    Outcome outcome,
    long invokeNanos,
    long completeNanos,
    String error) {

  public enum Kind { READ, WRITE, CAS, INCR }

  public enum Outcome { OK, FAILED, UNKNOWN }

  @JsonIgnore // derived from kind: not a field of the history file
  public boolean isWrite() {
    return kind != Kind.READ;
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case READ -> "read " + key + " -> " + output;
      case WRITE -> "write " + key + " = " + input;
      case CAS -> "cas " + key + " " + expected + " -> " + input + " : " + output;
      case INCR -> "incr " + key + " -> " + output;
    };
    return "p" + process + " " + what + " [" + outcome + ", " + invokeNanos / 1_000_000 + ".."
        + (completeNanos == Long.MAX_VALUE ? "?" : completeNanos / 1_000_000) + " ms]";
  }
}
