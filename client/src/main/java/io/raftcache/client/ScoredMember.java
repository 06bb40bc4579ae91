package io.raftcache.client;

/** A member of a sorted set with its score. */
public record ScoredMember(String member, double score) {}
