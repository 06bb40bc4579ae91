package io.raftcache.node.tls;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.raftcache.node.config.CertificateFiles;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.ConfigException;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.config.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's transport security, from the cluster file's {@code tls} section: TLS on its client,
 * RESP and metrics ports, mutual TLS on its Raft port (a peer must show a certificate the
 * cluster's CA signed) and on the writes it forwards to the leader. Without the section every
 * port is plaintext. The files are read and checked, and every context built, once as the node
 * starts, so a missing, expired or mismatched file stops the start with the field to fix.
 */
public final class NodeTls {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);
  private static final NodeTls PLAINTEXT = new NodeTls(null);

  /** Null when the cluster speaks plaintext. */
  private final Contexts contexts;

  /** One context per TLS implementation in the node: Ratis's, gRPC's and Netty's shaded copies, and the JDK's. */
  private record Contexts(
      GrpcTlsConfig raft,
      io.grpc.netty.shaded.io.netty.handler.ssl.SslContext clientPort,
      io.grpc.netty.shaded.io.netty.handler.ssl.SslContext peerChannel,
      io.netty.handler.ssl.SslContext resp,
      SSLContext metrics) {}

  private NodeTls(Contexts contexts) {
    this.contexts = contexts;
  }

  /** The node's TLS as the file sets it, its files checked first (see {@link CertificateCheck}). */
  public static NodeTls of(ClusterConfig cluster, NodeConfig self) throws ConfigException {
    Optional<TlsConfig> tls = cluster.tls();
    if (tls.isEmpty()) {
      return PLAINTEXT;
    }
    CertificateFiles files = self.tls().orElseThrow();
    CertificateCheck check = new CertificateCheck(cluster.file());
    List<X509Certificate> ca = check.ca(tls.get().ca());
    List<X509Certificate> chain = check.nodeCertificate(files.certificate(), self, ca);
    PrivateKey key = check.key(files.key(), self, chain.get(0));
    X509Certificate[] ownChain = chain.toArray(X509Certificate[]::new);
    try {
      Contexts contexts = new Contexts(
          new GrpcTlsConfig(key, chain.get(0), ca, true),
          // A client certificate is asked for, not required: SDK users come with none, while a
          // node forwarding a write shows its own (isClusterNode).
          GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(key, ownChain))
              .trustManager(ca).clientAuth(ClientAuth.OPTIONAL).build(),
          GrpcSslContexts.forClient().trustManager(ca).keyManager(key, ownChain).build(),
          SslContextBuilder.forServer(key, ownChain).build(),
          jdkContext(key, ownChain));
      LOG.info("TLS on every port of {}: certificate '{}' (valid until {}), trusting '{}'",
          self.id(), chain.get(0).getSubjectX500Principal().getName(), chain.get(0).getNotAfter().toInstant(),
          ca.get(0).getSubjectX500Principal().getName());
      return new NodeTls(contexts);
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(cluster.file(), self.field("tls_cert"), "cannot set up TLS with "
          + files.certificate() + " and " + files.key() + ": " + e.getMessage());
    }
  }

  public static NodeTls plaintext() {
    return PLAINTEXT;
  }

  public boolean enabled() {
    return contexts != null;
  }

  /** The Raft port and the node's connections to its peers: mutual TLS through the cluster's CA. */
  public void secureRaft(Parameters parameters) {
    if (enabled()) {
      GrpcConfigKeys.TLS.setConf(parameters, contexts.raft);
    }
  }

  public NettyServerBuilder secureClientPort(NettyServerBuilder builder) {
    return enabled() ? builder.sslContext(contexts.clientPort) : builder;
  }

  /** A channel to another node's client port, showing this node's certificate. */
  public NettyChannelBuilder securePeerChannel(NettyChannelBuilder builder) {
    return enabled() ? builder.sslContext(contexts.peerChannel) : builder.usePlaintext();
  }

  /** Puts TLS first on a new connection to the RESP port, with a log line for a client it refuses. */
  public void secureResp(SocketChannel channel) {
    if (enabled()) {
      channel.pipeline().addFirst(new RefusedHandshakeLog("RESP")).addFirst(contexts.resp.newHandler(channel.alloc()));
    }
  }

  /** An HTTP server for the metrics port: HTTPS with the node's certificate when TLS is on. */
  public HttpServer metricsServer(InetSocketAddress address, int backlog) throws IOException {
    if (!enabled()) {
      return HttpServer.create(address, backlog);
    }
    HttpsServer https = HttpsServer.create(address, backlog);
    https.setHttpsConfigurator(new HttpsConfigurator(contexts.metrics));
    return https;
  }

  /**
   * Whether a call to the client port came from another node: over TLS, from a peer that showed a
   * certificate the cluster's CA signed (the handshake verified it). A plaintext cluster cannot
   * tell, and answers true (docs/security.md).
   */
  public boolean isClusterNode(SSLSession session) {
    if (!enabled()) {
      return true;
    }
    try {
      return session != null && session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private static SSLContext jdkContext(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("node", key, password, chain);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
