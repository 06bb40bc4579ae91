package io.raftcache.node.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.raftcache.node.api.GrpcForwarder;
import io.raftcache.node.auth.Users;
import io.raftcache.node.command.CommandExecutor;
import io.raftcache.node.command.Limits;
import io.raftcache.node.config.ClusterConfig;
import io.raftcache.node.config.NodeConfig;
import io.raftcache.node.tls.NodeTls;
import io.raftcache.node.metrics.NodeMetrics;
import io.raftcache.node.raft.RaftNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The node's Redis-protocol port: any Redis client or tool may connect. Writes a follower receives
 * are forwarded to the leader; reads are linearizable unless the connection said READONLY.
 */
public final class RespServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel listener;
  private final GrpcForwarder forwarder;

  private RespServer(EventLoopGroup group, Channel listener, GrpcForwarder forwarder) {
    this.group = group;
    this.listener = listener;
    this.forwarder = forwarder;
  }

  public static RespServer start(ClusterConfig cluster, NodeConfig self, NodeTls tls, Users users,
      RaftNode raft, NodeMetrics metrics)
      throws IOException {
    GrpcForwarder forwarder = new GrpcForwarder(raft.directory(), tls);
    CommandExecutor executor = new CommandExecutor(raft, Limits.of(cluster.tunables()), cluster.tunables().memory(),
        metrics.commandsOf("resp"), forwarder);
    RespNode node = new RespNode(cluster, self, raft, executor, users);
    metrics.connectionsOf("resp", node.sessions::size);
    RespCommands commands = new RespCommands();
    long maxCommandBytes = cluster.tunables().maxRequestBytes();
    long stallMillis = cluster.tunables().clientStallTimeout().toMillis();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            RespDecoder decoder = new RespDecoder(maxCommandBytes);
            channel.pipeline()
                .addLast(new IdleStateHandler(stallMillis, 0, 0, TimeUnit.MILLISECONDS))
                .addLast(decoder)
                .addLast(new RespConnection(node, commands, decoder));
            tls.secureResp(channel);
          }
        });
    try {
      Channel listener = bootstrap.bind(new InetSocketAddress(self.host(), self.respPort())).sync().channel();
      return new RespServer(group, listener, forwarder);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      forwarder.close();
      throw new IOException("interrupted while opening the RESP port", e);
    } catch (Exception e) { // bind's BindException is checked, though sync() does not declare it
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      forwarder.close();
      throw new IOException("cannot open the RESP port " + self.respEndpoint() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    forwarder.close();
  }
}
