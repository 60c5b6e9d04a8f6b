package hub.session;

import hub.auth.Identity;
import hub.proxy.ProxyCall;
import hub.proxy.ProxyReply;
import hub.proxy.Proxies;

/**
 * Server-side refresh of a connection the connect proxy admitted (the client holds no token to refresh): at its
 * {@code expire_at} the refresh proxy is asked. {@code expired:true} closes with 3005; a new {@code expire_at}
 * moves the deadline; a failed call, an error or a disconnect answer is retried after {@link #RETRY_MS}, as
 * Centrifugo ignores them for refresh. Without a refresh proxy the connection closes with 3005 at its expiry.
 * Stateless.
 */
final class ProxyRefresh {

  /** How long after a failed refresh call the next one is made. */
  static final long RETRY_MS = 5_000;

  private final Proxies proxies;
  /** Null when no refresh proxy is configured. */
  private final String proxy;

  ProxyRefresh(Proxies proxies, String proxy) {
    this.proxies = proxies;
    this.proxy = proxy;
  }

  /** Whether an expired {@code session} is refreshed here rather than closed. */
  boolean refreshes(Session session) {
    return proxy != null && session.proxyAuthenticated();
  }

  /** The session's expiry passed; its expiry deadline is already cleared while the call is in flight. */
  void refresh(Session session) {
    ProxyCall call = session.proxies().track(
        proxies.call(proxy, "refresh", session.proxies().request(session), session.proxies().headers()));
    call.reply().onSuccess(reply -> session.shard().onLoop(() -> {
      session.proxies().answered(call);
      if (session.state() != SessionState.ACTIVE) {
        return;
      }
      long now = session.shard().clock().millis();
      if (!(reply instanceof ProxyReply.Result r)) {
        session.expiryAt(now + RETRY_MS);
        return;
      }
      if (Boolean.TRUE.equals(r.result().getValue("expired"))) {
        session.close(CloseReason.EXPIRED);
        return;
      }
      Identity before = session.identity();
      Identity after = ProxyConnect.identityOf(r.result().copy().put("user", before.user()), now);
      if (after == null) {
        session.expiryAt(now + RETRY_MS);
        return;
      }
      Object info = r.result().containsKey("info") ? after.info() : before.info();
      session.refreshed(new Identity(before.user(), info, after.expiresAtMs()));
    }));
  }
}
