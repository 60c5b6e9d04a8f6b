package hub.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The Vert.x connection and Netty channel behind one upgraded {@link ServerWebSocket}, for the two things the public
 * WebSocket API cannot do cheaply: write an already framed buffer (through {@link VertxConnection#write}, which
 * bypasses the outbound queue and creates no future, yet still reports bytes to the metrics and flushes after the
 * current read), and read how many bytes the channel has not yet sent. Confined to the socket's event loop.
 *
 * <p>It also gives the WebSocket connection the direct outbound queue that strict thread mode gives the HTTP
 * connection. Vert.x 5.0.7 builds every WebSocket connection with a multi-producer queue whose first chunk is a
 * 1,025-slot array (about 4.7 KiB per socket with the queue object, measured with {@code jmap -histo:live}), although
 * under strict thread mode only the accepting loop ever writes. Swapping it needs reflection on a private field; if
 * a later Vert.x renames it, the swap is skipped with one warning and the hub works as before, only heavier
 * ({@link #directQueueAvailable()} lets a test notice).
 */
final class VertxWebSocketChannel {

  private static final System.Logger LOG = System.getLogger(VertxWebSocketChannel.class.getName());
  private static final QueueSwap QUEUE_SWAP = QueueSwap.find();

  private final ChannelHandlerContext context;
  private final VertxConnection connection;

  private VertxWebSocketChannel(ChannelHandlerContext context, VertxConnection connection) {
    this.context = context;
    this.connection = connection;
  }

  /** Must be called on the socket's event loop, before anything is written to it. */
  static VertxWebSocketChannel of(ServerWebSocket ws) {
    ChannelHandlerContext context = ((WebSocketInternal) ws).channelHandlerContext();
    ChannelHandler handler = context.handler();
    VertxConnection connection = ((VertxHandler<?>) handler).getConnection();
    QUEUE_SWAP.apply(connection);
    return new VertxWebSocketChannel(context, connection);
  }

  static boolean directQueueAvailable() {
    return QUEUE_SWAP.available();
  }

  /** Writes a complete frame; takes ownership of {@code frame}. */
  void write(io.netty.buffer.ByteBuf frame) {
    connection.write(frame, false);
  }

  /** Bytes written to the channel that the kernel has not yet accepted. */
  long pendingBytes() {
    ChannelOutboundBuffer buffer = context.channel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /**
   * Resets the TCP connection at once, dropping whatever is still queued. The close starts at the head of the
   * pipeline: from the channel itself it would pass through Vert.x's handler, which turns it into the graceful
   * WebSocket close (waiting for a closing handshake that a stalled peer never completes). Linger 0 makes it a
   * reset, so the kernel does not keep the unsent bytes of a client that stopped reading either.
   */
  void cut() {
    if (!context.channel().isOpen()) {
      return;
    }
    context.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    context.pipeline().firstContext().close();
  }

  /** Replaces the queue field of a fresh connection with Vert.x's own direct queue; see the class comment. */
  private record QueueSwap(Field field, Constructor<?> directQueue) {

    static QueueSwap find() {
      try {
        Field field = VertxConnection.class.getDeclaredField("outboundMessageQueue");
        Class<?> direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue");
        Constructor<?> constructor = direct.getDeclaredConstructor(VertxConnection.class);
        field.setAccessible(true);
        constructor.setAccessible(true);
        return new QueueSwap(field, constructor);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(WARNING, "Vert.x internals changed; WebSocket connections keep their multi-producer queue: " + e);
        return new QueueSwap(null, null);
      }
    }

    boolean available() {
      return field != null;
    }

    void apply(VertxConnection connection) {
      if (field == null) {
        return;
      }
      try {
        Object current = field.get(connection);
        if (!current.getClass().equals(directQueue.getDeclaringClass())) {
          field.set(connection, directQueue.newInstance(connection));
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(WARNING, "could not give a WebSocket connection the direct queue: " + e);
      }
    }
  }
}
