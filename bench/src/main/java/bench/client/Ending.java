package bench.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * The ways a churn client leaves. FIN and RST bypass the WebSocket close handshake by reaching
 * the Netty channel underneath; SILENT keeps the socket open and stops answering pings, so only
 * the server's pong deadline can reclaim it.
 */
public enum Ending {
  CLEAN, FIN, RST, SILENT;

  void end(Session session) {
    if (session.stream() != null) {
      session.stream().close(); // an HTTP stream has no close handshake: every ending drops the connection
      return;
    }
    switch (this) {
      case CLEAN:
        session.socket().close((short) 1000, "bye");
        break;
      case FIN:
        channel(session).close();
        break;
      case RST:
        Channel ch = channel(session);
        // SO_LINGER 0 makes close() send RST instead of FIN.
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
        break;
      case SILENT:
        session.goSilent();
        break;
      default:
        throw new AssertionError(this);
    }
  }

  private static Channel channel(Session session) {
    return ((WebSocketInternal) session.socket()).channelHandlerContext().channel();
  }
}
