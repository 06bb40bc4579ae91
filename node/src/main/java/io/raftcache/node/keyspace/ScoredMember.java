package io.raftcache.node.keyspace;

/** A member of a sorted set with its score. */
public record ScoredMember(Key member, double score) {}
