package hub.transport;

import hub.auth.Admission;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.log.LogFields;
import hub.metrics.HubMetrics;
import hub.session.CloseReason;
import hub.session.SessionShard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns upgrade requests into sessions: the gate decides on the HTTP request alone, a refusal is an HTTP status and
 * never a WebSocket, and an accepted socket goes straight to the shard of the event loop that accepted it (the same
 * loop this handler runs on). Once a connection slot is taken, every step that follows is guarded: whatever throws,
 * the slot comes back and the socket is answered or closed (issue 10 item 13). Confined to that event loop.
 */
final class UpgradeHandler implements Handler<ServerWebSocketHandshake> {

  private static final System.Logger LOG = System.getLogger(UpgradeHandler.class.getName());
  /** The {@code step} of {@code hub.internal.failures} for a failure between the slot and the session. */
  static final String ACCEPT_STEP = "upgrade.accept";

  private final HandshakeGate gate;
  private final ConnectionLimiter limiter;
  private final HubMetrics metrics;
  private final SessionShard shard;
  private final ClosingSockets closing;
  /** Null: every message is sent at once ({@code client.coalesceWrites} false). */
  private final WriteCoalescer coalescer;
  private final Clock clock;
  private final PendingConnections pending;
  private final Function<ServerWebSocket, WebSocketChannel> channels;

  /** @param channels builds the write side of each accepted socket ({@link WebSocketChannel#open} in production) */
  UpgradeHandler(HandshakeGate gate, ConnectionLimiter limiter, HubMetrics metrics, SessionShard shard,
                 ClosingSockets closing, Clock clock, PendingConnections pending,
                 Function<ServerWebSocket, WebSocketChannel> channels, WriteCoalescer coalescer) {
    this.coalescer = coalescer;
    this.gate = gate;
    this.limiter = limiter;
    this.metrics = metrics;
    this.shard = shard;
    this.closing = closing;
    this.clock = clock;
    this.pending = pending;
    this.channels = channels;
  }

  @Override
  public void handle(ServerWebSocketHandshake handshake) {
    pending.upgrading(handshake.remoteAddress());
    Future<Admission> verdict;
    try {
      verdict = gate.admit(handshake.path(), handshake.headers(), handshake.query());
    } catch (RuntimeException e) {
      // Every upgrade gets an answer: a request that breaks the gate is refused, never left hanging.
      verdict = Future.succeededFuture(new Admission.Rejected(500, "error"));
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
      upgrade(handshake, (Admission.Admitted) admission);
    });
  }

  /** Runs holding a slot: until a transport owns it, every exit gives it back. */
  private void upgrade(ServerWebSocketHandshake handshake, Admission.Admitted admitted) {
    Future<ServerWebSocket> accepting;
    Map<String, String> forwarded;
    try {
      // Read before accept(): the request's headers are not kept once the socket is upgraded.
      forwarded = shard.forwardedHeaders(handshake.headers());
      accepting = handshake.accept();
    } catch (RuntimeException e) {
      limiter.release();
      failed(e);
      reject(handshake, 500, "error");
      return;
    }
    accepting.onComplete(accepted -> {
      if (accepted.failed()) {
        limiter.release();
        pending.answered(handshake.remoteAddress(), clock.millis());
        return;
      }
      pending.upgraded(handshake.remoteAddress());
      adopt(accepted.result(), admitted, forwarded);
    });
  }

  private void adopt(ServerWebSocket ws, Admission.Admitted admitted, Map<String, String> forwarded) {
    WebSocketTransport transport = null;
    try {
      transport = new WebSocketTransport(ws, admitted.format(), channels.apply(ws), coalescer, limiter, closing);
      shard.adopt(transport, admitted.identity(), admitted.format(), forwarded);
    } catch (RuntimeException | LinkageError e) {
      failed(e);
      if (transport != null) {
        // The transport owns the slot now and gives it back when the connection is gone; a session that was
        // adopted before the failure hears of that close and runs its own close routine.
        transport.close(CloseReason.INTERNAL.code(), CloseReason.INTERNAL.reason());
      } else {
        limiter.release();
        try {
          ws.close((short) CloseReason.INTERNAL.code(), CloseReason.INTERNAL.reason());
        } catch (RuntimeException alreadyGone) {
          // closed meanwhile: nothing left to release
        }
      }
    }
  }

  private void failed(Throwable e) {
    metrics.internalFailure(ACCEPT_STEP);
    LOG.log(System.Logger.Level.WARNING, "upgrade failed after its slot was taken; slot given back", e);
  }

  private void reject(ServerWebSocketHandshake handshake, int status, String reason) {
    metrics.handshakeRejected(reason);
    // Never the query or the headers: they carry the connection token.
    LOG.log(System.Logger.Level.INFO, "upgrade refused",
        LogFields.of("code", status, "reason", reason, "remote", String.valueOf(handshake.remoteAddress())));
    try {
      handshake.reject(status);
    } catch (RuntimeException alreadyAnswered) {
      // accept() threw after answering; the connection's own close ends it
    }
    pending.answered(handshake.remoteAddress(), clock.millis());
  }
}
