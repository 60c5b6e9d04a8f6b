package hub.session;

/**
 * What a transport reports to its session. Called on the shard's event loop.
 */
public interface TransportEvents {

  /** One complete inbound text message. */
  void onMessage(String text);

  /** One complete inbound binary message; the array belongs to the receiver. */
  void onBinaryMessage(byte[] data);

  /** An inbound message above the size limit was dropped. */
  void onOversized();

  /** The peer broke WebSocket framing; the connection cannot be trusted any more. */
  void onBadFrame();

  /**
   * The connection is closed.
   *
   * @param closeFrameReceived whether the peer sent a close frame first (a clean exit) rather than vanishing
   */
  void onClosed(boolean closeFrameReceived);

  /** The socket failed; {@code peerGone} when the failure means the peer went away (reset, broken pipe). */
  void onFailure(Throwable cause, boolean peerGone);
}
