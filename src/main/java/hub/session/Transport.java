package hub.session;

/**
 * The session's view of its socket. Implemented over a Vert.x {@code ServerWebSocket} in production and by a fake
 * in tests. All calls happen on the shard's event loop.
 */
public interface Transport {

  /** Routes the socket's events to {@code events}; called once, right after the session is created. */
  void bind(TransportEvents events);

  /**
   * Writes one frame of the connection's format (text for JSON, binary for protobuf, fixed at the upgrade); the
   * array is not modified and may be shared between transports. A transport may join the frames of one event-loop
   * turn into one WebSocket frame, as the format allows (newline-separated JSON, concatenated protobuf replies).
   */
  void write(byte[] frame);

  /** Bytes handed to {@link #write} that the socket has not yet sent. */
  int queuedBytes();

  /** Sends a close frame and closes the socket (forcibly, if the peer does not complete the close in time). */
  void close(int code, String reason);

  /** Drops the connection without a close frame (the peer is gone or the socket broke). */
  void abort();

  /** Stops reading inbound frames (used while a command is waiting on asynchronous work). */
  void pause();

  void resume();

  /** The metric tag of this kind of transport, one of {@code HubMetrics.TRANSPORTS}. */
  default String name() {
    return "websocket";
  }

  /**
   * The emulation session id of an HTTP-streaming or SSE connection, which the client quotes on every
   * {@code POST /emulation}; null for a WebSocket, which carries its commands itself.
   */
  default String emulationSession() {
    return null;
  }
}
