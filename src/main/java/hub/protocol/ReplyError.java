package hub.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Errors carried in a reply to one command; the session stays open. Codes and meanings are those of the Centrifuge
 * protocol, which the SDK acts on (a temporary error or 109 makes it retry, any other is final for that call).
 * Immutable.
 */
public enum ReplyError {
  INTERNAL(100, "internal server error", true),
  UNKNOWN_CHANNEL(102, "unknown channel", false),
  PERMISSION_DENIED(103, "permission denied", false),
  METHOD_NOT_FOUND(104, "method not found", false),
  ALREADY_SUBSCRIBED(105, "already subscribed", false),
  LIMIT_EXCEEDED(106, "limit exceeded", false),
  BAD_REQUEST(107, "bad request", false),
  NOT_AVAILABLE(108, "not available", false),
  TOKEN_EXPIRED(109, "token expired", false),
  /** A subscription refresh whose new expiry has already passed (protocol.md 4.9). */
  EXPIRED(110, "expired", false),
  TOO_MANY_REQUESTS(111, "too many requests", true),
  /** The client asked (subscribe flag 2) to be refused rather than resubscribed at a position it cannot recover. */
  UNRECOVERABLE_POSITION(112, "unrecoverable position", false);

  private final int code;
  private final String message;
  private final boolean temporary;

  ReplyError(int code, String message, boolean temporary) {
    this.code = code;
    this.message = message;
    this.temporary = temporary;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("code", code).put("message", message);
    if (temporary) {
      o.put("temporary", true);
    }
    return o;
  }
}
