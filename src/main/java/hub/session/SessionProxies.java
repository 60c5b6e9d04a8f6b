package hub.session;

import hub.proxy.ProxyCall;
import hub.proxy.ProxyRequests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one session holds for its proxy calls (issue 9): the allow-listed upgrade headers forwarded to backends,
 * the connect proxy's {@code meta}, whether the connect proxy authenticated it, and the calls in flight, which
 * {@link Session#close} abandons so that their node slots come back and their late answers are dropped.
 * Confined to the session's event loop.
 */
final class SessionProxies {

  private final Map<String, String> headers;
  private Object meta;
  private boolean authenticated;
  /** Usually empty; a command call and a server-side refresh are the most that overlap. */
  private List<ProxyCall> calls;

  SessionProxies(Map<String, String> headers) {
    this.headers = headers;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** The connect proxy admitted the session: its refreshes go to the refresh proxy, not to the client. */
  void authenticated(Object connectMeta) {
    authenticated = true;
    meta = connectMeta;
  }

  boolean authenticated() {
    return authenticated;
  }

  /** The base of every request for this session (see {@link ProxyRequests#base}). */
  io.vertx.core.json.JsonObject request(Session session) {
    return ProxyRequests.base(session.clientId(), session.transportName(), session.format().name().toLowerCase(java.util.Locale.ROOT),
        session.user(), meta);
  }

  /** Keeps {@code call} until it is answered; the caller must {@link #answered} it from its answer handler. */
  ProxyCall track(ProxyCall call) {
    if (!call.isDone()) {
      if (calls == null) {
        calls = new ArrayList<>(1);
      }
      calls.add(call);
    }
    return call;
  }

  void answered(ProxyCall call) {
    if (calls != null) {
      calls.remove(call);
    }
  }

  int inFlight() {
    return calls == null ? 0 : calls.size();
  }

  /** Part of the close routine: every call in flight gives its slot back now; its answer will be dropped. */
  void abandonAll() {
    if (calls != null) {
      List<ProxyCall> held = calls;
      calls = null;
      held.forEach(ProxyCall::abandon);
    }
  }
}
