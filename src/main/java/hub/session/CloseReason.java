package hub.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Why a session ended: the close code and plain-text reason the client sees, and the bounded tag under which the
 * close is counted. Codes follow the Centrifuge protocol: 3000-3499 make the SDK reconnect, 3500-3999 stop it.
 * Reasons are plain text on purpose: the SDK first tries to parse a reason as JSON, and a JSON-looking reason
 * changes its reconnect decision. Immutable.
 *
 * @param tag        metric tag (one of {@link #TAGS})
 * @param code       close code
 * @param reason     close reason, at most 123 bytes (a close frame's payload is 125 bytes including the code)
 * @param peerGone   whether the peer is already gone, so no close frame can be written
 */
public record CloseReason(String tag, int code, String reason, boolean peerGone) {

  /** The client sent a close frame. */
  public static final CloseReason CLIENT_CLOSED = gone("client_closed");
  /** TCP reset or FIN without a close frame. */
  public static final CloseReason CONNECTION_LOST = gone("connection_lost");
  /** The socket reported an error other than the peer going away. */
  public static final CloseReason TRANSPORT_ERROR = gone("transport_error");

  public static final CloseReason SHUTDOWN = of("shutdown", 3001, "shutdown");
  public static final CloseReason INTERNAL = of("internal", 3004, "internal server error");
  public static final CloseReason EXPIRED = of("expired", 3005, "connection expired");
  public static final CloseReason SLOW = of("slow", 3008, "slow");
  /** A server-side subscription lost its stream position: the SDK reconnects and recovers it at connect. */
  public static final CloseReason INSUFFICIENT_STATE = of("insufficient_state", 3010, "insufficient state");
  public static final CloseReason NO_PONG = of("no_pong", 3012, "no pong");
  public static final CloseReason TOO_MANY_REQUESTS = of("too_many_requests", 3013, "too many requests");
  public static final CloseReason INVALID_TOKEN = of("invalid_token", 3500, "invalid token");
  public static final CloseReason BAD_REQUEST = of("bad_request", 3501, "bad request");
  public static final CloseReason STALE = of("stale", 3502, "stale");
  public static final CloseReason FORCE_DISCONNECT = of("force_disconnect", 3503, "force disconnect");
  /** Inbound message above {@code client.maxMessageBytes}: 1009, which the SDK treats as final. */
  public static final CloseReason MESSAGE_TOO_BIG = of("message_too_big", 1009, "message too big");
  /** Broken WebSocket framing (unmasked frame, reserved bits or opcode, bad continuation): 1002. */
  public static final CloseReason BAD_FRAME = of("bad_frame", 1002, "protocol error");

  static final String API_TAG = "api";
  static final String PROXY_TAG = "proxy";

  /** Every tag a close can carry, so the counters exist (at zero) from start-up. */
  public static final List<String> TAGS = List.of(
      CLIENT_CLOSED.tag, CONNECTION_LOST.tag, TRANSPORT_ERROR.tag, SHUTDOWN.tag, INTERNAL.tag, EXPIRED.tag,
      SLOW.tag, INSUFFICIENT_STATE.tag, NO_PONG.tag, TOO_MANY_REQUESTS.tag, INVALID_TOKEN.tag, BAD_REQUEST.tag, STALE.tag,
      FORCE_DISCONNECT.tag, MESSAGE_TOO_BIG.tag, BAD_FRAME.tag, API_TAG, PROXY_TAG);

  /**
   * Whether this is an ordinary end of a connection (the client left, the network dropped it, the node drains, the
   * server API asked), as opposed to one that points at a problem (slow, no pong, bad input, bad token...).
   */
  public boolean expected() {
    return peerGone && !this.tag.equals(TRANSPORT_ERROR.tag) || this.tag.equals(SHUTDOWN.tag)
        || this.tag.equals(FORCE_DISCONNECT.tag) || this.tag.equals(API_TAG);
  }

  private static CloseReason gone(String tag) {
    return new CloseReason(tag, 3000, "connection closed", true);
  }

  private static CloseReason of(String tag, int code, String reason) {
    return new CloseReason(tag, code, reason, false);
  }

  /**
   * A close requested through the server API with its own code and reason. The code is taken as given; the reason
   * is cut to fit a close frame.
   */
  public static CloseReason requested(int code, String reason) {
    if (code == FORCE_DISCONNECT.code && reason.equals(FORCE_DISCONNECT.reason)) {
      return FORCE_DISCONNECT;
    }
    return new CloseReason(API_TAG, code, fit(reason), false);
  }

  /** A close a proxy backend asked for with an application code (4000-4999), already checked. */
  public static CloseReason proxied(int code, String reason) {
    return new CloseReason(PROXY_TAG, code, fit(reason), false);
  }

  private static String fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 123) {
      return reason;
    }
    int end = 123;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // do not cut a multi-byte character in half
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
