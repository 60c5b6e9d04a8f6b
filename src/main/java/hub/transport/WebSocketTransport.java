package hub.transport;

import hub.auth.ConnectionLimiter;
import hub.protocol.Format;
import hub.session.Transport;
import hub.session.TransportEvents;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.VertxConnection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The only holder of a {@link ServerWebSocket}. It writes frames that {@link SharedFrames} built once for every
 * receiver, reports the bytes the channel has not sent yet (so the session can cut a slow consumer before buffers
 * grow without bound), and gives the node's connection slot back when the TCP connection is really gone. With a
 * {@link WriteCoalescer} the messages of one event-loop turn wait here and leave at its end as one frame; they count
 * as queued while they wait, and a close sends them before its close frame. Confined to the event loop that accepted
 * the socket.
 */
final class WebSocketTransport implements Transport, ClosingSockets.Closing, Handler<Object> {

  private static final String OVERSIZED_MESSAGE = "Cannot process";

  /** Room for a frame header (2 to 10 bytes), counted with the messages that wait for the end of the turn. */
  private static final int FRAME_HEADER_BYTES = 10;

  private final ServerWebSocket ws;
  /** Whether this connection's frames go out as binary (protobuf) rather than text (JSON); 1 B, not a Format's 4. */
  private final boolean binary;
  /** The public API fallback; null when the three fields below write through Vert.x's internals. */
  private final WebSocketChannel fallback;
  // Taken over from the VertxWebSocketChannel, which is then dropped: one object less per socket (issue 13).
  private final VertxConnection connection;
  private final ChannelOutboundBuffer outbound;
  private final SharedFrames frames;
  private final ConnectionLimiter limiter;
  private final ClosingSockets closing;
  /** Null when every message goes out at once ({@code client.coalesceWrites} false). */
  private final WriteCoalescer coalescer;
  private TransportEvents events;
  private boolean connectionClosed;
  // Messages of this turn not yet handed to the channel: the first, the others (rarely any at a low rate), their size.
  private byte[] firstPending;
  private List<byte[]> morePending;
  private int pendingBytes;

  /**
   * Takes over the node's connection slot of {@code ws}: from here on the slot comes back when the TCP connection
   * is gone, whether or not a session is ever bound (a failure between upgrade and adoption closes the socket, and
   * that gives the slot back).
   *
   * @param channel   a {@link VertxWebSocketChannel} is taken apart and dropped; any other channel is kept and used
   * @param coalescer null: every message is sent at once ({@code client.coalesceWrites} false)
   */
  WebSocketTransport(ServerWebSocket ws, Format format, WebSocketChannel channel, WriteCoalescer coalescer,
                     ConnectionLimiter limiter, ClosingSockets closing) {
    this.ws = ws;
    this.binary = format.binary();
    this.coalescer = coalescer;
    VertxWebSocketChannel internal = channel instanceof VertxWebSocketChannel v ? v : null;
    this.fallback = internal == null ? channel : null;
    this.connection = internal == null ? null : internal.connection;
    this.outbound = internal == null ? null : internal.outbound;
    this.frames = internal == null ? null : internal.frames;
    this.limiter = limiter;
    this.closing = closing;
    try {
      ws.closeHandler(handler());
    } catch (IllegalStateException alreadyClosed) {
      // The peer closed between the upgrade and now; Vert.x refuses handlers on a closed socket.
      onConnectionClosed();
    }
  }

  @Override
  public void bind(TransportEvents events) {
    this.events = events;
    if (connectionClosed) {
      events.onClosed(false);
      return;
    }
    try {
      ws.exceptionHandler(handler());
      // Both kinds of frame go to the session, whose format decides what each may carry.
      ws.textMessageHandler(handler());
      ws.binaryMessageHandler(handler());
    } catch (IllegalStateException alreadyClosed) {
      // The peer closed between the upgrade and this call; Vert.x refuses handlers on a closed socket.
      onConnectionClosed();
    }
  }

  /**
   * The transport is itself the socket's close, exception, text and binary handler, told apart by what each hands
   * over (nothing, a Throwable, a String, a Buffer): one lambda per handler would cost every socket 64 B more.
   * Called by Vert.x on the socket's event loop; not for other callers.
   */
  @Override
  public void handle(Object event) {
    if (event == null) {
      onConnectionClosed();
    } else if (event instanceof String text) {
      events.onMessage(text);
    } else if (event instanceof Buffer buf) {
      events.onBinaryMessage(buf.getBytes());
    } else if (event instanceof Throwable t) {
      onException(t);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Handler<T> handler() {
    return (Handler<T>) (Handler<?>) this;
  }

  private void onException(Throwable t) {
    if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith(OVERSIZED_MESSAGE)) {
      events.onOversized(); // a fragmented message grew past the limit; Vert.x dropped it
    } else if (t instanceof CorruptedWebSocketFrameException c) {
      // Netty has already answered with a close frame of its own (1009 for size, 1002 for the rest).
      if (String.valueOf(c.getMessage()).contains("Max frame length")) {
        events.onOversized();
      } else {
        events.onBadFrame();
      }
    } else {
      // Resets and broken pipes mean the peer is gone; the close handler follows and finds the session closed.
      events.onFailure(t, t instanceof IOException || isClosedNotice(t));
    }
  }

  private static boolean isClosedNotice(Throwable t) {
    return String.valueOf(t.getMessage()).contains("closed");
  }

  private void onConnectionClosed() {
    if (connectionClosed) {
      return;
    }
    connectionClosed = true;
    dropPending();
    limiter.release();
    if (events == null) {
      return; // not adopted (yet, or ever): bind() reports the close
    }
    Short code = ws.isClosed() ? ws.closeStatusCode() : null;
    // Vert.x reports 1006 when the connection ended without a close frame.
    events.onClosed(code != null && code != 1006);
  }

  @Override
  public void write(byte[] frame) {
    if (connectionClosed) {
      return;
    }
    if (coalescer == null) {
      send(frame);
      return;
    }
    int limit = coalescer.joinLimit();
    if (firstPending != null && pendingBytes + frame.length > limit) {
      flushPending(); // keeps the order: what waited goes first
    }
    if (frame.length > limit) {
      send(frame);
      return;
    }
    if (firstPending == null) {
      firstPending = frame;
      coalescer.dirty(this);
    } else {
      if (morePending == null) {
        morePending = new ArrayList<>(4);
      }
      morePending.add(frame);
    }
    pendingBytes += frame.length + (morePending == null ? FRAME_HEADER_BYTES : 1);
  }

  /** Hands what waited to the channel, as one frame, and flushes it. */
  void flushPending() {
    byte[] first = firstPending;
    if (first == null) {
      return;
    }
    List<byte[]> more = morePending;
    dropPending();
    send(more == null ? first : coalescer.join(first, more, Format.ofFrames(binary)));
  }

  private void send(byte[] payload) {
    if (connection != null) {
      VertxWebSocketChannel.write(connection, frames, payload, binary);
    } else {
      fallback.write(payload, binary);
    }
  }

  private void dropPending() {
    firstPending = null;
    morePending = null;
    pendingBytes = 0;
  }

  /** The channel's unsent bytes plus the messages that wait for the end of the turn. */
  @Override
  public int queuedBytes() {
    return (int) Math.min(Integer.MAX_VALUE, unsentBytes() + pendingBytes);
  }

  private long unsentBytes() {
    return connection != null ? VertxWebSocketChannel.pendingBytes(outbound) : fallback.pendingBytes();
  }

  @Override
  public void close(int code, String reason) {
    if (connectionClosed) {
      return;
    }
    flushPending(); // the messages written before the close go before the close frame
    ws.close((short) code, reason);
    // Vert.x holds back what is written while it delivers a read until the read completes. When that read ends in a
    // framing fault (a fragment and the frame that breaks it in one TCP read), Vert.x closes the channel right
    // after reporting the fault, and a held-back close frame would be dropped: the client would see no code.
    if (connection != null) {
      connection.flush();
    } else {
      fallback.flushNow();
    }
    closing.add(this);
  }

  @Override
  public void abort() {
    if (!connectionClosed) {
      cutConnection();
    }
  }

  @Override
  public void pause() {
    ws.pause();
  }

  @Override
  public void resume() {
    ws.resume();
  }

  @Override
  public boolean isConnectionClosed() {
    return connectionClosed;
  }

  /** Closes the TCP connection at once, dropping whatever is still queued. */
  @Override
  public void cutConnection() {
    dropPending();
    if (connection != null) {
      VertxWebSocketChannel.cut(connection);
    } else {
      fallback.cut();
    }
  }
}
