package hub.proxy;

import io.vertx.core.json.JsonObject;

/**
 * What one proxy call came to, already mapped to what the client must see (issue 9 failure mapping): the backend's
 * result, an error reply for the command, or a close of the connection. Immutable.
 */
public sealed interface ProxyReply {

  /** The backend allowed the action; {@code result} is its {@code result} object (never null). */
  record Result(JsonObject result) implements ProxyReply {
  }

  /**
   * An error reply for the command: a backend error with a code in 400-1999 as the backend gave it, or error 100
   * (temporary) for every way the call itself can fail, so that the SDK retries.
   */
  record Refused(int code, String message, boolean temporary) implements ProxyReply {
  }

  /** The backend asked to close the connection with an application code (4000-4999). */
  record Disconnect(int code, String reason) implements ProxyReply {
  }

  /** The one answer to a call that failed: timeout, no handler, non-200, network error, unparsable reply, overload. */
  Refused UNAVAILABLE = new Refused(100, "internal server error", true);
}
