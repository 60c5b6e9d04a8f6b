package hub.session;

import hub.protocol.ProtocolCodec;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * What happens when a subscription's term runs out. A subscription the client renews with tokens, and did not, ends
 * with unsubscribe 2501, on which the SDK subscribes again with a fresh token. A subscription the subscribe proxy
 * granted is renewed by the hub through the sub_refresh proxy: {@code expired:true} ends it with 2501, a new
 * {@code expire_at} extends it, and a failed call, an error or a disconnect is retried after {@link #RETRY_MS}
 * (Centrifugo ignores errors for sub_refresh). Stateless; runs on the session's loop.
 */
final class SubscriptionExpiry {

  /** Unsubscribe code of a subscription that was not renewed in time (protocol.md 7): the SDK resubscribes. */
  static final int EXPIRED_CODE = 2501;
  static final String EXPIRED_REASON = "subscription expired";
  /** How long after a failed sub_refresh call the next one is made. */
  static final long RETRY_MS = 5_000;

  private final Proxies proxies;

  SubscriptionExpiry(Proxies proxies) {
    this.proxies = proxies;
  }

  /** The terms of {@code due} passed; they are already removed from the session's terms. */
  void expired(Session session, List<Map.Entry<String, SubscriptionExpiries.Term>> due) {
    for (Map.Entry<String, SubscriptionExpiries.Term> e : due) {
      if (e.getValue().proxy() == null) {
        end(session, e.getKey());
      } else {
        refresh(session, e.getKey(), e.getValue().proxy());
      }
    }
  }

  /** Ends the subscription with 2501; the push goes before anything else so that the SDK resubscribes. */
  static void end(Session session, String channel) {
    if (session.channels().remove(channel)) {
      session.send(session.format().fromJsonPush(ProtocolCodec.unsubscribePush(channel, EXPIRED_CODE, EXPIRED_REASON)));
      session.shard().unsubscribe(channel, session);
    }
  }

  private void refresh(Session session, String channel, String proxy) {
    JsonObject request = session.proxies().request(session).put("channel", channel);
    ProxyCall call = session.proxies().track(proxies.call(proxy, "sub_refresh", request, session.proxies().headers()));
    call.reply().onSuccess(reply -> session.shard().onLoop(() -> {
      session.proxies().answered(call);
      if (session.state() != SessionState.ACTIVE || !session.channels().contains(channel)) {
        return; // closed or unsubscribed meanwhile
      }
      long now = session.shard().clock().millis();
      if (!(reply instanceof ProxyReply.Result r)) {
        session.subscriptionTerm(channel, new SubscriptionExpiries.Term(now + RETRY_MS, proxy));
        return;
      }
      if (Boolean.TRUE.equals(r.result().getValue("expired"))) {
        end(session, channel);
        return;
      }
      Object expireAt = r.result().getValue("expire_at");
      if (expireAt == null || (expireAt instanceof Number n && n.longValue() == 0)) {
        return; // no new term: the subscription no longer expires
      }
      if (!(expireAt instanceof Number n) || n.longValue() < 0) {
        session.subscriptionTerm(channel, new SubscriptionExpiries.Term(now + RETRY_MS, proxy)); // malformed
        return;
      }
      long at = n.longValue() * 1000;
      if (at <= now) {
        end(session, channel);
      } else {
        session.subscriptionTerm(channel, new SubscriptionExpiries.Term(at, proxy));
      }
    }));
  }
}
