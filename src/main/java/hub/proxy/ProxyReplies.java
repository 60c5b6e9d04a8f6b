package hub.proxy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * The failure mapping of issue 9, in one place for both transports. A reply body is exactly one of
 * {@code {"result":{...}}}, {@code {"error":{"code","message","temporary"}}} or {@code {"disconnect":{"code","reason"}}}
 * (the Centrifugo proxy contract); anything else, and every failed call, becomes error 100 (temporary). Stateless.
 */
public final class ProxyReplies {

  /** Application error codes a backend may hand to the client (protocol.md section 6). */
  static final int MIN_ERROR = 400;
  static final int MAX_ERROR = 1999;
  /** Application close codes (protocol.md section 8): up to 4499 the SDK reconnects, from 4500 it stops. */
  static final int MIN_DISCONNECT = 4000;
  static final int MAX_DISCONNECT = 4999;
  /** Centrifugo caps a disconnect reason at 32 bytes; a close frame could carry 123. */
  static final int MAX_REASON_BYTES = 32;

  private ProxyReplies() {
  }

  /** Maps a reply body; a malformed one counts as a failed call. */
  public static ProxyReply parse(Object body) {
    if (!(body instanceof JsonObject reply) || reply.size() != 1) {
      return ProxyReply.UNAVAILABLE;
    }
    if (reply.getValue("result") instanceof JsonObject result) {
      return new ProxyReply.Result(result);
    }
    if (reply.getValue("error") instanceof JsonObject error) {
      return error(error.getValue("code"), error.getValue("message"), Boolean.TRUE.equals(error.getValue("temporary")));
    }
    if (reply.getValue("disconnect") instanceof JsonObject d && d.getValue("code") instanceof Integer code
        && code >= MIN_DISCONNECT && code <= MAX_DISCONNECT) {
      Object reason = d.getValue("reason");
      return new ProxyReply.Disconnect(code, fit(reason instanceof String s ? s : ""));
    }
    return ProxyReply.UNAVAILABLE;
  }

  /**
   * Maps a failed call. An event-bus consumer that called {@code message.fail(code, text)} with an application code
   * refused the action; every other failure (no handler, timeout, a backend bug) is the backend being unavailable.
   */
  public static ProxyReply failure(Throwable cause) {
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return error(re.failureCode(), re.getMessage(), false);
    }
    return ProxyReply.UNAVAILABLE;
  }

  private static ProxyReply error(Object code, Object message, boolean temporary) {
    if (code instanceof Integer c && c >= MIN_ERROR && c <= MAX_ERROR) {
      return new ProxyReply.Refused(c, message instanceof String m ? m : "", temporary);
    }
    return ProxyReply.UNAVAILABLE; // a code the SDK would misread (a reserved one, say 109) is hidden
  }

  private static String fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return reason;
    }
    int end = MAX_REASON_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
