package hub.session;

import hub.auth.Identity;
import hub.auth.TokenCheck;
import hub.auth.TokenChecker;
import hub.config.HubConfig;
import hub.log.LogFields;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import hub.protocol.ServerVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code connect} command: authenticates the session from the token in the command, or from the credential
 * already checked on the upgrade request, and answers with the heartbeat the client must follow. Outcomes follow the
 * SDK's expectations: an expired token gets error 109 (the SDK fetches a new one and retries), a bad one closes with
 * 3500 (final), a missing one closes with 3501 unless anonymous access is on. The same 109 answers a connect that
 * relies on the upgrade request's credential once that has expired. Thread-safe (stateless).
 */
final class ConnectHandler {

  private static final System.Logger LOG = System.getLogger(ConnectHandler.class.getName());

  private final TokenChecker tokens;
  private final HubConfig config;
  private final Heartbeat heartbeat;
  /** Null when no connect proxy is configured. */
  private final ProxyConnect proxy;
  private final ServerSubscribe serverSide;

  ConnectHandler(TokenChecker tokens, HubConfig config, Heartbeat heartbeat, ProxyConnect proxy,
                 ServerSubscribe serverSide) {
    this.tokens = tokens;
    this.config = config;
    this.heartbeat = heartbeat;
    this.proxy = proxy;
    this.serverSide = serverSide;
  }

  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    if (session.state() != SessionState.PRECONNECT) {
      session.close(CloseReason.BAD_REQUEST); // a second connect on one socket
      return null;
    }
    Object rawToken = command.params().getValue("token");
    if (rawToken != null && !(rawToken instanceof String)) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    String token = (String) rawToken;
    if (token == null || token.isEmpty()) {
      return withoutToken(session, command, replies);
    }
    session.beginConnect();
    return tokens.verify(token).compose(check -> {
      if (session.state() != SessionState.CONNECTING) {
        return Future.succeededFuture(false); // closed while the token was being checked
      }
      if (check instanceof TokenCheck.Valid valid && ServerSubscribe.wellFormed(valid.identity().subs())) {
        return accepted(session, command, replies, valid.identity(), null);
      }
      if (check instanceof TokenCheck.Expired) {
        session.connectRefused();
        replies.error(command.id(), ReplyError.TOKEN_EXPIRED);
        return Future.succeededFuture(false);
      }
      session.close(CloseReason.INVALID_TOKEN);
      return Future.succeededFuture(false);
    });
  }

  /** A connect that relies on the upgrade request's credential, or on anonymous access. */
  private Future<Boolean> withoutToken(Session session, Command command, ReplyBatch replies) {
    Identity pre = session.identity();
    if (pre != null && tokens.expired(pre, session.shard().clock().millis())) {
      // The upgrade request's credential was valid then but has expired since: answer as for an expired token in
      // the command, so that the SDK fetches a new one and retries under the same connect deadline.
      replies.error(command.id(), ReplyError.TOKEN_EXPIRED);
      return Future.succeededFuture(false);
    }
    if (pre != null) {
      return accepted(session, command, replies, pre, null);
    }
    if (proxy != null) {
      return proxy.connect(session, command, replies, this::accepted);
    }
    if (config.auth().allowAnonymous()) {
      return accepted(session, command, replies, Identity.ANONYMOUS, null);
    }
    session.close(CloseReason.BAD_REQUEST);
    return null;
  }

  /**
   * The identity passed. Its server-side channels are prepared first (stream reads for history channels), then the
   * session is activated and answered with their results in {@code subs}, and only then joined to them.
   *
   * @param data the connect proxy's {@code data} for the connect result, or null
   */
  private Future<Boolean> accepted(Session session, Command command, ReplyBatch replies, Identity identity,
                                   Object data) {
    CloseReason kicked = session.kickedOnConnect(identity);
    if (kicked != null) {
      session.close(kicked); // a server API disconnect arrived while the token was being checked
      return Future.succeededFuture(false);
    }
    List<String> channels = identity.channels();
    if (channels.isEmpty()) {
      return Future.succeededFuture(answer(session, command, replies, identity, data, null));
    }
    Object subs = command.params().getValue("subs");
    ReplyError refused = subs == null || subs instanceof JsonObject
        ? serverSide.check(channels, (JsonObject) subs) : ReplyError.BAD_REQUEST;
    if (refused != null) {
      session.connectRefused();
      replies.error(command.id(), refused);
      return Future.succeededFuture(false);
    }
    if (session.state() == SessionState.PRECONNECT) {
      session.beginConnect(); // the upgrade request's credential: no token check made it CONNECTING
    }
    return serverSide.prepare(session, channels, identity.subs(), (JsonObject) subs).transform(ar -> {
      if (session.state() != SessionState.CONNECTING) {
        if (ar.succeeded()) {
          ar.result().forEach(p -> p.abandon().run());
        }
        return Future.succeededFuture(false);
      }
      CloseReason late = session.kickedOnConnect(identity);
      if (late != null || ar.failed()) {
        if (ar.succeeded()) {
          ar.result().forEach(p -> p.abandon().run());
        }
        if (late != null) {
          session.close(late);
        } else {
          session.connectRefused();
          replies.error(command.id(), ReplyError.INTERNAL); // a stream read failed: temporary, the SDK retries
        }
        return Future.succeededFuture(false);
      }
      return Future.succeededFuture(answer(session, command, replies, identity, data, ar.result()));
    });
  }

  /** Activates the session and writes the connect result; then joins the server-side subscriptions, if any. */
  private boolean answer(Session session, Command command, ReplyBatch replies, Identity identity, Object data,
                         List<ServerSubscribe.Pending> pending) {
    session.activate(identity);
    if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(System.Logger.Level.DEBUG, "session connected",
          LogFields.of("client", session.clientId(), "user", identity.user()));
    }
    JsonObject result = new JsonObject()
        .put("client", session.clientId())
        .put("version", ServerVersion.VALUE)
        .put("ping", heartbeat.advertisedSeconds())
        .put("pong", true);
    if (data != null) {
      result.put("data", data);
    }
    String emulation = session.emulationSession();
    if (emulation != null) {
      // HTTP-streaming and SSE clients send later commands to /emulation quoting these two; the node routes them.
      result.put("session", emulation).put("node", session.shard().nodeId());
    }
    if (!session.proxyAuthenticated()) {
      addExpiry(result, identity, session.shard().clock().millis()); // else the hub refreshes through the proxy
    }
    if (pending != null) {
      result.put("subs", ServerSubscribe.subs(identity.channels(), pending));
    }
    replies.result(command.id(), Method.CONNECT, result);
    if (pending != null) {
      // The result goes out before any publication can: the SDK drops publications of a channel it does not know.
      session.flush(replies);
      ServerSubscribe.join(session, identity.channels(), pending);
    }
    return true;
  }

  /** Tells the SDK when to refresh its token: {@code expires} and the seconds left as {@code ttl}. */
  static void addExpiry(JsonObject result, Identity identity, long now) {
    if (identity.expires()) {
      long ttl = Math.max(1, (identity.expiresAtMs() - now + 999) / 1000);
      result.put("expires", true).put("ttl", ttl);
    }
  }
}
