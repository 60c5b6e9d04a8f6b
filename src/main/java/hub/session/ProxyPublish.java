package hub.session;

import hub.protocol.Command;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;
import hub.stream.Streams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A client publication checked by the namespace's publish proxy before it goes out. The proxy may refuse (error or
 * disconnect, as for every proxied command), or allow it and rewrite it: {@code data} replaces the payload,
 * {@code skip_history} publishes past the channel's stream, {@code tags} (string to string) travel with the
 * publication, {@code idempotency_key} makes a repeat within the stream's window a no-op. A result with any of
 * these malformed is treated as a failed call (error 100). {@code delta}, {@code version} and
 * {@code version_epoch} are ignored, whatever their values: the hub has no delta compression, and a version check
 * would have to sit in the stores' atomic sequencing step (README, proxy section). Stateless.
 */
final class ProxyPublish {

  /**
   * What the proxy made of a publication.
   *
   * @param data           the payload to publish
   * @param skipHistory    whether it bypasses the channel's stream
   * @param tags           string-to-string tags, or null
   * @param idempotencyKey or null
   */
  record Rewrite(Object data, boolean skipHistory, JsonObject tags, String idempotencyKey) {
  }

  private final Proxies proxies;

  ProxyPublish(Proxies proxies) {
    this.proxies = proxies;
  }

  /** @return the rewrite, or null when refused (the reply is written, or the session closed) */
  Future<Rewrite> check(Session session, Command command, String proxy, String channel, Object data,
                        ReplyBatch replies) {
    JsonObject request = session.proxies().request(session).put("channel", channel).put("data", data);
    ProxyCall call = session.proxies().track(proxies.call(proxy, "publish", request, session.proxies().headers()));
    return call.reply().map(reply -> {
      session.proxies().answered(call);
      if (session.state() != SessionState.ACTIVE) {
        return null;
      }
      Rewrite rewrite = reply instanceof ProxyReply.Result r ? rewrite(r.result(), data) : null;
      if (rewrite == null) {
        ProxyOutcome.refuse(session, command, replies, reply instanceof ProxyReply.Result ? ProxyReply.UNAVAILABLE
            : reply);
      }
      return rewrite;
    });
  }

  /** Null when a field has the wrong type. */
  static Rewrite rewrite(JsonObject result, Object original) {
    Object skip = result.getValue("skip_history");
    Object tags = result.getValue("tags");
    Object key = result.getValue("idempotency_key");
    if ((skip != null && !(skip instanceof Boolean)) || (tags != null && !stringMap(tags))
        || (key != null && (!(key instanceof String k) || k.isEmpty() || k.length() > Streams.MAX_IDEMPOTENCY_KEY_LENGTH))) {
      return null;
    }
    Object data = result.getValue("data") != null ? result.getValue("data") : original; // null: keep the original
    return new Rewrite(data, Boolean.TRUE.equals(skip), (JsonObject) tags, (String) key);
  }

  private static boolean stringMap(Object tags) {
    if (!(tags instanceof JsonObject o)) {
      return false;
    }
    for (String k : o.fieldNames()) {
      if (!(o.getValue(k) instanceof String)) {
        return false;
      }
    }
    return true;
  }
}
