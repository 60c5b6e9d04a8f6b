package hub.session;

import hub.auth.SubscriptionCheck;
import hub.auth.SubscriptionGrant;
import hub.auth.TokenChecker;
import hub.channel.ChannelOverride;
import hub.protocol.BinaryPayload;
import hub.protocol.Command;
import hub.protocol.ReplyError;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Who says a subscribe may go ahead when the channel's name and namespace do not settle it alone: a subscription
 * token (protocol.md 9.3; for {@code $} channels and {@code subscribeToken: "required"} namespaces, accepted on any
 * channel) or the namespace's subscribe proxy. Either answers with the {@link Terms} of the subscription, or refuses
 * (the reply is written here). Stateless; used on the shard's event loop.
 */
final class SubscribeAuth {

  /**
   * What a granted subscription carries.
   *
   * @param data            returned to the client in the subscribe result, or null
   * @param clientExpiresAt when the client must have sent {@code sub_refresh} (epoch millis), 0 when it never must
   * @param term            when the hub ends or renews the subscription, or null when it never does
   * @param traits          its {@code chan_info} and option overrides
   */
  record Terms(Object data, long clientExpiresAt, SubscriptionExpiries.Term term, SubscriptionTraits traits) {
    static final Terms PLAIN = new Terms(null, 0, null, SubscriptionTraits.PLAIN);

    /** The result fields these terms add: {@code expires}/{@code ttl} make the SDK refresh the token in time. */
    JsonObject resultFields(long now) {
      JsonObject result = new JsonObject();
      if (clientExpiresAt > 0) {
        result.put("expires", true).put("ttl", Math.max(1, (clientExpiresAt - now + 999) / 1000));
      }
      if (data != null) {
        result.put("data", data);
      }
      return result;
    }
  }

  private final TokenChecker tokens;
  private final Proxies proxies;
  /** Grace after a token's expiry before an unrefreshed subscription ends, as for connections. */
  private final long graceMs;

  SubscribeAuth(TokenChecker tokens, Proxies proxies, Duration grace) {
    this.tokens = tokens;
    this.proxies = proxies;
    this.graceMs = grace.toMillis();
  }

  /** @return the terms, or null when refused (the reply is written, or the session closed) */
  Future<Terms> byToken(Session session, Command command, String channel, String token, ReplyBatch replies) {
    return tokens.verifySubscription(token).map(check -> {
      if (session.state() != SessionState.ACTIVE) {
        return null;
      }
      if (check instanceof SubscriptionCheck.Expired) {
        replies.error(command.id(), ReplyError.TOKEN_EXPIRED); // the SDK asks getToken again and resubscribes
        return null;
      }
      if (!(check instanceof SubscriptionCheck.Valid valid)) {
        replies.error(command.id(), ReplyError.PERMISSION_DENIED); // a bad sub token is 103, not a disconnect
        return null;
      }
      SubscriptionGrant g = valid.grant();
      if (!matches(session, channel, g)) {
        session.close(CloseReason.INVALID_TOKEN); // a token for someone or something else: 3500, as Centrifugo
        return null;
      }
      long now = session.shard().clock().millis();
      if (g.expires() && g.expiresAtMs() <= now) {
        replies.error(command.id(), ReplyError.TOKEN_EXPIRED); // expire_at already past
        return null;
      }
      ChannelOverride override = ChannelOverride.parse(g.override());
      if (override == null) {
        replies.error(command.id(), ReplyError.PERMISSION_DENIED); // a malformed claim makes a bad token
        return null;
      }
      return new Terms(g.data(), g.expiresAtMs(),
          g.expires() ? new SubscriptionExpiries.Term(g.expiresAtMs() + graceMs, null) : null,
          SubscriptionTraits.of(g.info(), override));
    });
  }

  /** Whether a token's {@code sub}, {@code channel} and {@code client} claims name this session and channel. */
  static boolean matches(Session session, String channel, SubscriptionGrant g) {
    return g.user().equals(session.user()) && channel.equals(g.channel())
        && (g.client() == null || g.client().equals(session.clientId()));
  }

  /**
   * Asks the subscribe proxy. Its result may set {@code data}, {@code info} (the subscription's {@code chan_info}),
   * {@code override} and {@code expire_at} (unix seconds): the hub then renews the subscription through
   * {@code subRefreshProxy}, or ends it with 2501 at that time without one. A malformed override or expiry makes a
   * malformed result (100, temporary).
   */
  Future<Terms> byProxy(Session session, Command command, String channel, String proxy, String subRefreshProxy,
                        ReplyBatch replies) {
    JsonObject request = session.proxies().request(session).put("channel", channel);
    Object data = command.params().getValue("data");
    if (data instanceof BinaryPayload) {
      replies.error(command.id(), ReplyError.BAD_REQUEST); // the backend speaks JSON only
      return Future.succeededFuture(null);
    }
    if (data != null) {
      request.put("data", data);
    }
    ProxyCall call = session.proxies().track(proxies.call(proxy, "subscribe", request, session.proxies().headers()));
    return call.reply().map(reply -> {
      session.proxies().answered(call);
      if (session.state() != SessionState.ACTIVE) {
        return null;
      }
      if (!(reply instanceof ProxyReply.Result r)) {
        ProxyOutcome.refuse(session, command, replies, reply);
        return null;
      }
      Object expireAt = r.result().getValue("expire_at");
      long at = expireAt instanceof Number n ? n.longValue() * 1000 : 0;
      ChannelOverride override = ChannelOverride.parse(r.result().getValue("override"));
      if (override == null || (expireAt != null && (!(expireAt instanceof Number) || at < 0))) {
        ProxyOutcome.refuse(session, command, replies, ProxyReply.UNAVAILABLE); // a malformed result
        return null;
      }
      if (at > 0 && at <= session.shard().clock().millis()) {
        replies.error(command.id(), ReplyError.EXPIRED);
        return null;
      }
      return new Terms(r.result().getValue("data"), 0, at > 0 ? new SubscriptionExpiries.Term(at, subRefreshProxy) : null,
          SubscriptionTraits.of(r.result().getValue("info"), override));
    });
  }
}
