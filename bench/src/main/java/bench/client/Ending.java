package bench.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * The ways a churn client leaves. FIN and RST bypass the WebSocket close handshake by reaching
 * the Netty channel underneath; SILENT keeps the socket open and stops answering pings, so only
 * the server's pong deadline can reclaim it. SLOW subscribes to {@link #SLOW_CHANNEL}, which the
 * soak feeds with large publications, and stops reading, so only the server's outbound bound can
 * cut it (3008); {@link ChurnRun} resumes reading later to see the close frame. PROXY_EXIT sends an
 * rpc that the soak's proxy backend holds, and resets the connection while the call is in flight.
 */
public enum Ending {
  CLEAN, FIN, RST, SILENT, SLOW, PROXY_EXIT;

  /** The channel a slow reader joins; the soak publishes 16 KiB payloads to it. */
  public static final String SLOW_CHANNEL = "bench:slow";
  /** How long after sending its rpc a PROXY_EXIT session resets: well inside the backend's hold. */
  static final long PROXY_EXIT_AFTER_MS = 20;

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
      case SLOW:
        session.send("{\"subscribe\":{\"channel\":\"" + SLOW_CHANNEL + "\"},\"id\":3}");
        // A small receive buffer makes the hub's side fill in seconds rather than after megabytes.
        channel(session).config().setOption(ChannelOption.SO_RCVBUF, 4096);
        session.socket().pause();
        break;
      case PROXY_EXIT:
        session.send("{\"rpc\":{\"method\":\"soak\"},\"id\":4}");
        session.socket().pause(); // the answer never comes back to us: the hub must drop it
        RST.later(session, PROXY_EXIT_AFTER_MS);
        break;
      default:
        throw new AssertionError(this);
    }
  }

  private void later(Session session, long ms) {
    channel(session).eventLoop().schedule(() -> end(session), ms, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private static Channel channel(Session session) {
    return ((WebSocketInternal) session.socket()).channelHandlerContext().channel();
  }
}
