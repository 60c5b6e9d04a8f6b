package hub.transport;

import hub.auth.Admission;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.log.LogFields;
import hub.metrics.HubMetrics;
import hub.session.SessionShard;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.time.Clock;

/**
 * Turns upgrade requests into sessions: the gate decides on the HTTP request alone, a refusal is an HTTP status and
 * never a WebSocket, and an accepted socket goes straight to the shard of the event loop that accepted it (the same
 * loop this handler runs on). Confined to that event loop.
 */
final class UpgradeHandler implements Handler<ServerWebSocketHandshake> {

  private static final System.Logger LOG = System.getLogger(UpgradeHandler.class.getName());

  private final HandshakeGate gate;
  private final ConnectionLimiter limiter;
  private final HubMetrics metrics;
  private final SessionShard shard;
  private final ClosingSockets closing;
  private final SharedFrames frames;
  private final WriteCoalescer coalescer;
  private final Clock clock;

  /** {@code coalescer} null: every message is sent at once. */
  UpgradeHandler(HandshakeGate gate, ConnectionLimiter limiter, HubMetrics metrics, SessionShard shard,
                 ClosingSockets closing, SharedFrames frames, WriteCoalescer coalescer, Clock clock) {
    this.coalescer = coalescer;
    this.gate = gate;
    this.limiter = limiter;
    this.metrics = metrics;
    this.shard = shard;
    this.closing = closing;
    this.frames = frames;
    this.clock = clock;
  }

  @Override
  public void handle(ServerWebSocketHandshake handshake) {
    io.vertx.core.Future<Admission> verdict;
    try {
      verdict = gate.admit(handshake.path(), handshake.headers(), handshake.query());
    } catch (RuntimeException e) {
      // Every upgrade gets an answer: a request that breaks the gate is refused, never left hanging.
      verdict = io.vertx.core.Future.succeededFuture(new Admission.Rejected(500, "error"));
    }
    verdict.onComplete(ar -> {
      Admission admission = ar.succeeded() ? ar.result() : new Admission.Rejected(500, "error");
      if (admission instanceof Admission.Rejected rejected) {
        reject(handshake, rejected.status(), rejected.reason());
        return;
      }
      // The gate looked at the count without taking a slot; take it now, just before the upgrade.
      if (!limiter.tryAcquire()) {
        reject(handshake, 503, "limit");
        return;
      }
      Admission.Admitted admitted = (Admission.Admitted) admission;
      // Read before accept(): the request's headers are not kept once the socket is upgraded.
      java.util.Map<String, String> forwarded = shard.forwardedHeaders(handshake.headers());
      handshake.accept().onComplete(accepted -> {
        if (accepted.failed()) {
          limiter.release();
          return;
        }
        WebSocketTransport transport = new WebSocketTransport(accepted.result(), admitted.format(), frames,
            coalescer, limiter, closing, clock);
        shard.adopt(transport, admitted.identity(), admitted.format(), forwarded);
      });
    });
  }

  private void reject(ServerWebSocketHandshake handshake, int status, String reason) {
    metrics.handshakeRejected(reason);
    // Never the query or the headers: they carry the connection token.
    LOG.log(System.Logger.Level.INFO, "upgrade refused",
        LogFields.of("code", status, "reason", reason, "remote", String.valueOf(handshake.remoteAddress())));
    handshake.reject(status);
  }
}
