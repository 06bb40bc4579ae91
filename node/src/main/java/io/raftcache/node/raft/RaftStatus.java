package io.raftcache.node.raft;

import io.raftcache.node.keyspace.KeyStats;
import io.raftcache.node.statemachine.Progress;
import io.raftcache.proto.v1.Role;
import java.util.Optional;

/** What this node's Raft server reports about itself and the group. */
public record RaftStatus(
    Role role,
    Optional<String> leaderId,
    long term,
    long commitIndex,
    Progress progress,
    long snapshotIndex,
    long logStartIndex,
    boolean leaderReady,
    KeyStats keys) {}
