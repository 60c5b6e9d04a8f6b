package hub.session;

import hub.auth.Identity;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;
import hub.protocol.Command;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A {@code connect} without a token, answered by the connect proxy: its result names the user ({@code ""} is
 * anonymous, allowed only under {@code auth.allowAnonymous}), and may set {@code expire_at} (unix seconds; the hub
 * then asks the refresh proxy, the client never refreshes), {@code info}, {@code data} (returned in the connect
 * result), {@code meta} (kept server-side, sent with later proxy requests), and the server-side subscriptions
 * {@code channels} and {@code subs} (channel to {@code info}, {@code data}, {@code override}). A refusal is an error reply the SDK
 * acts on (100 temporary: it retries), a disconnect closes with the backend's code. Stateless.
 */
final class ProxyConnect {

  /** What {@link ConnectHandler} does with an identity that passed; returns whether the frame goes on. */
  interface Accept {
    Future<Boolean> accept(Session session, Command command, ReplyBatch replies, Identity identity, Object data);
  }

  private final Proxies proxies;
  private final String proxy;
  private final boolean allowAnonymous;

  ProxyConnect(Proxies proxies, String proxy, boolean allowAnonymous) {
    this.proxies = proxies;
    this.proxy = proxy;
    this.allowAnonymous = allowAnonymous;
  }

  Future<Boolean> connect(Session session, Command command, ReplyBatch replies, Accept accept) {
    JsonObject params = command.params();
    JsonObject request = session.proxies().request(session);
    copy(params, request, "name");
    copy(params, request, "version");
    copy(params, request, "data");
    session.beginConnect();
    ProxyCall call = session.proxies().track(
        proxies.call(proxy, "connect", request, session.proxies().headers()));
    return call.reply().compose(reply -> {
      session.proxies().answered(call);
      if (session.state() != SessionState.CONNECTING) {
        return Future.succeededFuture(false);
      }
      if (reply instanceof ProxyReply.Result r) {
        return admitted(session, command, replies, r.result(), accept);
      }
      return Future.succeededFuture(ProxyOutcome.refuseConnect(session, command, replies, reply));
    });
  }

  private Future<Boolean> admitted(Session session, Command command, ReplyBatch replies, JsonObject result,
                                   Accept accept) {
    Identity identity = identityOf(result, session.shard().clock().millis());
    if (identity == null) {
      return Future.succeededFuture(ProxyOutcome.refuseConnect(session, command, replies, ProxyReply.UNAVAILABLE));
    }
    if (identity.user().isEmpty() && !allowAnonymous) {
      session.close(CloseReason.BAD_REQUEST); // as for a client without a token when anonymous access is off
      return Future.succeededFuture(false);
    }
    session.proxies().authenticated(result.getValue("meta"));
    return accept.accept(session, command, replies, identity, result.getValue("data"));
  }

  /**
   * The identity a proxy result describes, or null when it is malformed (no string user, a bad expire_at, channels
   * or subs).
   */
  static Identity identityOf(JsonObject result, long now) {
    if (!(result.getValue("user") instanceof String user)) {
      return null;
    }
    Object expireAt = result.getValue("expire_at");
    long expiresAtMs = 0;
    if (expireAt != null) {
      if (!(expireAt instanceof Number n) || n.longValue() < 0) {
        return null;
      }
      expiresAtMs = n.longValue() * 1000;
    }
    java.util.List<String> channels = Identity.channelsOf(result.getValue("channels"), result.getValue("subs"));
    JsonObject subs = result.getValue("subs") instanceof JsonObject o ? o : new JsonObject();
    return channels == null || !ServerSubscribe.wellFormed(subs) ? null
        : new Identity(user, result.getValue("info"), expiresAtMs, channels, subs);
  }

  private static void copy(JsonObject from, JsonObject to, String key) {
    Object v = from.getValue(key);
    if (v != null) {
      to.put(key, v);
    }
  }
}
