package hub.api;

import io.vertx.core.json.JsonObject;

/**
 * Errors of the server API, returned as {@code {"error":{"code":N,"message":"..."}}} with HTTP 200 (or, when the
 * caller asks for transport error mode, with the HTTP status given here).
 */
enum ApiError {
  INTERNAL(100, "internal server error", 500),
  /**
   * The call did not complete within {@code api.requestTimeoutMs}: HTTP 504 in either error mode, since the outcome
   * is unknown (a publication may still be delivered). Centrifugo has no code for it; 100 says "temporary, server
   * side" to a caller that reads codes only. {@link #ofCode} never returns it.
   */
  TIMEOUT(100, "request timeout", 504),
  UNKNOWN_CHANNEL(102, "unknown channel", 404),
  NOT_FOUND(104, "not found", 404),
  /** A request past a configured bound (limits.maxBroadcastChannels, limits.maxBatchCommands). */
  LIMIT_EXCEEDED(106, "limit exceeded", 400),
  BAD_REQUEST(107, "bad request", 400),
  NOT_AVAILABLE(108, "not available", 400),
  /**
   * The node's publication budget is spent for now (limits.publicationsPerSecond, limits.maxPendingTasks,
   * limits.maxEventLoopLagMs); HTTP answers carry {@code Retry-After}.
   */
  TOO_MANY_REQUESTS(111, "too many requests", 429),
  UNRECOVERABLE_POSITION(112, "unrecoverable position", 400);

  final int code;
  final String message;
  final int httpStatus;

  ApiError(int code, String message, int httpStatus) {
    this.code = code;
    this.message = message;
    this.httpStatus = httpStatus;
  }

  JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", message);
  }

  /** The full response body carrying this error. */
  JsonObject response() {
    return new JsonObject().put("error", toJson());
  }

  static ApiError ofCode(int code) {
    for (ApiError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return INTERNAL;
  }
}
