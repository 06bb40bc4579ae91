package io.raftcache.node.config;

import java.nio.file.Path;

/** A node's certificate (PEM, the node's own first, then any intermediates) and its private key (PEM, PKCS#8). */
public record CertificateFiles(Path certificate, Path key) {}
