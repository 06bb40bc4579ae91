package io.raftcache.node.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.raftcache.node.raft.Throttle;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a connection whose TLS handshake failed (a plaintext client, an untrusted or expired
 * certificate), at most once per 10 s per port, and closes it: nothing is served to it.
 */
final class RefusedHandshakeLog extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RefusedHandshakeLog.class);
  private static final Throttle WARNINGS = new Throttle(Duration.ofSeconds(10));

  private final String port;

  RefusedHandshakeLog(String port) {
    this.port = port;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        ctx.pipeline().remove(this);
      } else {
        if (WARNINGS.allow()) {
          LOG.warn("Refused a connection from {} on the {} port: its TLS handshake failed ({})",
              ctx.channel().remoteAddress(), port, done.cause().toString());
        }
        ctx.close();
        return;
      }
    }
    super.userEventTriggered(ctx, event);
  }
}
