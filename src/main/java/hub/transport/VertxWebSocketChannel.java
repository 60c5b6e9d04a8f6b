package hub.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

/**
 * The Vert.x connection and Netty channel behind one upgraded {@link ServerWebSocket}, for what the public
 * WebSocket API cannot do cheaply or at all: write an already framed buffer (through {@link VertxConnection#write},
 * which bypasses the outbound queue and creates no future, yet still reports bytes to the metrics and flushes after
 * the current read), read how many bytes the channel has not yet sent, and flush in the middle of a read. Confined
 * to the socket's event loop.
 *
 * <p>On creation the socket is also trimmed of what Vert.x keeps per socket without need ({@link VertxFootprint}).
 */
final class VertxWebSocketChannel implements WebSocketChannel {

  final VertxConnection connection;
  final SharedFrames frames;
  /**
   * The channel's outbound buffer, read once: the fan-out asks every subscriber for its unsent bytes before each
   * write, and reaching the buffer through the context, channel and unsafe costs three dependent loads per socket,
   * mostly cache misses when a loop walks a thousand sockets (perf5's profile). A channel keeps its buffer until it
   * closes; then Netty fails what it held, so the count drops to 0, as the live lookup (null, read as 0) would say.
   */
  final ChannelOutboundBuffer outbound;

  private VertxWebSocketChannel(ChannelHandlerContext context, VertxConnection connection, SharedFrames frames) {
    this.connection = connection;
    this.frames = frames;
    this.outbound = context.channel().unsafe().outboundBuffer();
  }

  /**
   * Must be called on the socket's event loop, before anything is written to it. {@link WebSocketTransport} takes
   * the three fields over and drops this object, so a socket keeps no separate channel object (issue 13); the static
   * methods below are what both run.
   *
   * @throws ClassCastException or a {@link LinkageError} when the Vert.x internals it needs have changed
   */
  static VertxWebSocketChannel of(ServerWebSocket ws, SharedFrames frames) {
    ChannelHandlerContext context = ((WebSocketInternal) ws).channelHandlerContext();
    VertxHandler<?> handler = (VertxHandler<?>) context.handler();
    VertxConnection connection = handler.getConnection();
    VertxFootprint.trim(handler, connection);
    // The gate read the handshake's headers before the upgrade; the socket would otherwise keep them, their entries
    // and strings (about 0.8 KiB), for its whole life.
    VertxFootprint.dropHeaders(ws);
    // Its URI, path and authority are the same strings as on nearly every other socket: one copy for all of them.
    SharedRequestLine.share(ws);
    return new VertxWebSocketChannel(context, connection, frames);
  }

  @Override
  public void write(byte[] payload, boolean binary) {
    write(connection, frames, payload, binary);
  }

  @Override
  public void flushNow() {
    connection.flush();
  }

  @Override
  public long pendingBytes() {
    return pendingBytes(outbound);
  }

  @Override
  public void cut() {
    cut(connection);
  }

  /** Writes the frame {@link SharedFrames} built once for every receiver of the same payload. */
  static void write(VertxConnection connection, SharedFrames frames, byte[] payload, boolean binary) {
    connection.write(frames.frame(payload, binary), false);
  }

  /** Bytes written to the channel that the kernel has not yet accepted. */
  static long pendingBytes(ChannelOutboundBuffer outbound) {
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  /**
   * Resets the TCP connection at once, dropping whatever is still queued. The close starts at the head of the
   * pipeline: from the channel itself it would pass through Vert.x's handler, which turns it into the graceful
   * WebSocket close (waiting for a closing handshake that a stalled peer never completes). Linger 0 makes it a
   * reset, so the kernel does not keep the unsent bytes of a client that stopped reading either.
   */
  static void cut(VertxConnection connection) {
    ChannelHandlerContext context = connection.channelHandlerContext();
    if (!context.channel().isOpen()) {
      return;
    }
    context.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    context.pipeline().firstContext().close();
  }
}
