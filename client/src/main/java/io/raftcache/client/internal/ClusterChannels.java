package io.raftcache.client.internal;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One gRPC channel per node, and which node is believed to lead. The belief comes from
 * redirects and successful writes, and is dropped when that node fails a call.
 */
public final class ClusterChannels implements AutoCloseable {
  private static final int NO_LEADER = -1;
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final List<String> endpoints = new CopyOnWriteArrayList<>();
  private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
  private final AtomicInteger leader = new AtomicInteger(NO_LEADER);
  private final AtomicInteger roundRobin = new AtomicInteger();
  /** The nodes stale reads try first (Builder.preferZone); empty: any. */
  private volatile List<Integer> preferred = List.of();
  private final int maxMessageBytes;
  /** Empty for plaintext. */
  private final Optional<SslContext> tls;
  /** The authorization header every call carries, if the client has credentials. */
  private final Optional<String> authorization;

  public ClusterChannels(List<String> initialEndpoints, int maxMessageBytes, Optional<SslContext> tls,
      Optional<String> authorization) {
    this.maxMessageBytes = maxMessageBytes;
    this.tls = tls;
    this.authorization = authorization;
    initialEndpoints.forEach(this::add);
  }

  private synchronized int add(String endpoint) {
    int known = endpoints.indexOf(endpoint);
    if (known >= 0) {
      return known;
    }
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(endpoint).maxInboundMessageSize(maxMessageBytes);
    authorization.ifPresent(value -> {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, value);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    });
    channels.add((tls.isPresent() ? builder.sslContext(tls.get()) : builder.usePlaintext()).build());
    endpoints.add(endpoint);
    return endpoints.size() - 1;
  }

  /** The believed leader, or the next node in turn when none is known. */
  int leaderOrNext() {
    int known = leader.get();
    return known == NO_LEADER ? next() : known;
  }

  /** The next node in turn. */
  int next() {
    return Math.floorMod(roundRobin.getAndIncrement(), endpoints.size());
  }

  /** Stale reads go first to these endpoints (added if new). */
  public void preferForStaleReads(List<String> endpoints) {
    preferred = endpoints.stream().map(this::add).toList();
  }

  /** For a stale read: a preferred node on the first attempt, if there is one; the next in turn otherwise. */
  int forStaleRead(boolean firstAttempt) {
    List<Integer> first = preferred;
    return firstAttempt && !first.isEmpty() ? first.get(Math.floorMod(roundRobin.getAndIncrement(), first.size())) : next();
  }

  /** Records a leader named by a redirect; returns its index (a node not listed is added). */
  int leaderIs(String endpoint) {
    int index = add(endpoint);
    leader.set(index);
    return index;
  }

  void leaderIs(int index) {
    leader.set(index);
  }

  /** Forgets {@code index} as leader, if it was believed to be. */
  void notLeader(int index) {
    leader.compareAndSet(index, NO_LEADER);
  }

  /** The channel to a node; one that failed to connect is told to try again now, not after its backoff. */
  ManagedChannel channel(int index) {
    ManagedChannel channel = channels.get(index);
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    return channel;
  }

  /** The channel to the next node in turn, for calls any node can serve. */
  public ManagedChannel nextChannel() {
    return channel(next());
  }

  /** The channel to {@code endpoint}, opened if this client did not know the node yet. */
  public ManagedChannel channelTo(String endpoint) {
    return channel(add(endpoint));
  }

  String endpoint(int index) {
    return endpoints.get(index);
  }

  public List<String> endpoints() {
    return List.copyOf(endpoints);
  }

  @Override
  public void close() throws InterruptedException {
    channels.forEach(ManagedChannel::shutdown);
    for (ManagedChannel c : channels) {
      if (!c.awaitTermination(2, TimeUnit.SECONDS)) {
        c.shutdownNow();
      }
    }
  }
}
