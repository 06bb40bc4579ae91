package io.raftcache.node.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster file's {@code tls} section: with it, every port of every node speaks TLS only, and
 * the Raft port takes only peers whose certificate this CA signed (mutual TLS).
 *
 * @param ca the cluster's CA certificate (PEM): clients trust the nodes through it, nodes each other
 * @param caKey the CA's private key, read only by {@code raftcache-cluster certs} to sign node
 *     certificates; nodes never read it, so it need not be on their machines
 */
public record TlsConfig(Path ca, Optional<Path> caKey) {}
