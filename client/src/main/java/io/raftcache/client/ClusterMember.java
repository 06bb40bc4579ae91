package io.raftcache.client;

/**
 * A member of the cluster's Raft group.
 *
 * @param endpoint its client endpoint; empty if the node that answered does not list it in its cluster file
 * @param replica a read replica (gets the log, never votes), not a voter
 */
public record ClusterMember(String nodeId, String zone, String endpoint, boolean replica) {}
