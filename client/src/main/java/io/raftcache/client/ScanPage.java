package io.raftcache.client;

import java.util.List;

/**
 * One page of a SCAN: matching keys in byte order, and the cursor to pass to the next call.
 * A key that exists for the whole scan is returned exactly once.
 *
 * @param keys the live keys this call found (possibly none, even when the scan is not done)
 * @param cursor where the next call resumes; null when the scan is complete
 */
public record ScanPage(List<String> keys, byte[] cursor) {
  public boolean isDone() {
    return cursor == null;
  }

  @Override
  public String toString() {
    return "ScanPage[keys=" + keys + ", cursor=" + Codec.describe(cursor) + "]";
  }
}
