package io.raftcache.node.statemachine;

/**
 * Where a replica's state stands, read in one step: equal digests at equal applied indexes mean
 * equal replicas.
 *
 * @param clusterTimeMillis the cluster's clock as of the last applied entry (see ClusterClock)
 * @param usedMemory what the keys take by the keyspace's memory model, equal on equal replicas
 */
public record Progress(long appliedTerm, long appliedIndex, long digest, int keyCount, long revision,
    long clusterTimeMillis, long usedMemory) {}
