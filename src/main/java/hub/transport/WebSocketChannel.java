package hub.transport;

import io.vertx.core.http.ServerWebSocket;

/**
 * The write side of one upgraded socket, below what the session sees: frames out, bytes not yet sent, a flush in the
 * middle of a read, and a hard cut. {@link VertxWebSocketChannel} does this through Vert.x internals (cheaper, and a
 * real reset; {@link WebSocketTransport} takes its fields over rather than keep it per socket); {@link
 * PublicWebSocketChannel} through the public API only, for a Vert.x whose internals have moved (issue 10 item 13).
 * Confined to the socket's event loop.
 */
interface WebSocketChannel {

  System.Logger LOG = System.getLogger(WebSocketChannel.class.getName());

  /** Writes one complete message as a single final frame. */
  void write(byte[] payload, boolean binary);

  /** Flushes now what Vert.x holds back until the current read completes (where it can). */
  void flushNow();

  /** Bytes written that the peer has not taken yet, as far as this channel can tell. */
  long pendingBytes();

  /** Ends the TCP connection now, dropping what is queued (as far as the public API allows, for the fallback). */
  void cut();

  /**
   * The internal channel where the Vert.x internals it needs are there, else the public one (said once, as a
   * warning). A changed Vert.x shows as a failed cast or a missing class or member, and never as a lost socket.
   */
  static WebSocketChannel open(ServerWebSocket ws, SharedFrames frames, int maxQueuedBytes) {
    if (Internals.usable) {
      try {
        return VertxWebSocketChannel.of(ws, frames);
      } catch (ClassCastException | LinkageError e) {
        Internals.usable = false;
        LOG.log(System.Logger.Level.WARNING, "Vert.x internals changed; WebSocket writes use the public API from "
            + "now on (slower, no reset for stalled peers): " + e);
      }
    }
    return new PublicWebSocketChannel(ws, maxQueuedBytes);
  }

  /** Whether the internal channel still works; set once to false on the first failure, seen by every loop. */
  final class Internals {
    static volatile boolean usable = true;

    private Internals() {
    }
  }
}
