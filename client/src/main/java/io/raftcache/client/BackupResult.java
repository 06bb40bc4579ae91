package io.raftcache.client;

import java.nio.file.Path;

/**
 * A backup written to disk: {@code dir} holds {@code manifest.json} and the snapshot's files.
 *
 * @param index the log index the backup holds the state of
 * @param digest the state's digest at that index, which a restore must reproduce
 * @param fromNode the member that took it (a follower when one was caught up)
 */
public record BackupResult(Path dir, String fromNode, long term, long index, long keyCount, long digest, int files,
    long bytes) {}
