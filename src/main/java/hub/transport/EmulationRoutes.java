package hub.transport;

import hub.auth.Admission;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.cluster.Addresses;
import hub.metrics.HubMetrics;
import hub.protocol.Format;
import hub.session.CloseReason;
import hub.session.Session;
import hub.session.SessionShard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.util.UUID;

/**
 * The bidirectional-emulation endpoints of centrifuge-js 5.x: {@code POST /connection/http_stream} and
 * {@code GET|POST /connection/sse} open a stream that carries the server's side of a session, and
 * {@code POST /emulation} carries the client's later commands to the session's node. The streams pass the same gate
 * as a WebSocket upgrade, before any session exists. Confined to the gateway's event loop.
 */
final class EmulationRoutes {

  /** Largest connect command body, as in Centrifugo. */
  static final int DEFAULT_MAX_CONNECT_BYTES = 64 * 1024;
  /** The {@code step} of {@code hub.internal.failures} for a failure between the slot and the session. */
  static final String ACCEPT_STEP = "stream.accept";
  private static final System.Logger LOG = System.getLogger(EmulationRoutes.class.getName());
  /** How long a relay to the session's node may take before the request fails with 503. */
  static final long DEFAULT_RELAY_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final String nodeId;
  private final HandshakeGate gate;
  private final ConnectionLimiter limiter;
  private final HubMetrics metrics;
  private final SessionShard shard;
  private final EmulationSessions sessions;
  private final ClosingSockets closing;
  private final Clock clock;
  private final int maxCommandBytes;

  EmulationRoutes(Vertx vertx, String nodeId, HandshakeGate gate, ConnectionLimiter limiter, HubMetrics metrics,
                  SessionShard shard, EmulationSessions sessions, ClosingSockets closing, Clock clock,
                  int maxCommandBytes) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.gate = gate;
    this.limiter = limiter;
    this.metrics = metrics;
    this.shard = shard;
    this.sessions = sessions;
    this.closing = closing;
    this.clock = clock;
    this.maxCommandBytes = maxCommandBytes;
  }

  void mount(Router router) {
    for (String path : new String[] {HandshakeGate.HTTP_STREAM_PATH, HandshakeGate.SSE_PATH, "/emulation"}) {
      router.options(path).handler(this::preflight);
    }
    router.post(HandshakeGate.HTTP_STREAM_PATH).handler(BodyHandler.create(false).setBodyLimit(DEFAULT_MAX_CONNECT_BYTES))
        .handler(ctx -> connect(ctx, StreamFraming.HTTP_STREAM, ctx.body().asString()));
    router.get(HandshakeGate.SSE_PATH)
        .handler(ctx -> connect(ctx, StreamFraming.SSE, ctx.request().getParam("cf_connect")));
    router.post(HandshakeGate.SSE_PATH).handler(BodyHandler.create(false).setBodyLimit(DEFAULT_MAX_CONNECT_BYTES))
        .handler(ctx -> connect(ctx, StreamFraming.SSE, ctx.body().asString()));
    // The body is a JSON object whose "data" string holds the commands, escaped: allow for the escaping.
    router.post("/emulation").handler(BodyHandler.create(false).setBodyLimit(2L * maxCommandBytes + 1024))
        .handler(this::emulation);
  }

  private void preflight(RoutingContext ctx) {
    cors(ctx.request());
    ctx.response().putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .putHeader("Access-Control-Max-Age", "300")
        .setStatusCode(204).end();
  }

  /** Answers CORS only for origins the gate allows, so a foreign page can neither connect nor read the stream. */
  private void cors(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin != null && gate.allowsOrigin(origin)) {
      HttpServerResponse r = request.response();
      r.putHeader("Access-Control-Allow-Origin", origin).putHeader("Access-Control-Allow-Credentials", "true")
          .putHeader("Vary", "Origin");
      String asked = request.getHeader("Access-Control-Request-Headers");
      r.putHeader("Access-Control-Allow-Headers", asked != null ? asked : "Content-Type");
    }
  }

  private void connect(RoutingContext ctx, StreamFraming framing, String command) {
    HttpServerRequest request = ctx.request();
    cors(request);
    if (command == null || command.isBlank()) {
      reject(request, 400, "format");
      return;
    }
    Future<Admission> verdict;
    try {
      verdict = gate.admit(request.path(), request.headers(), request.query());
    } catch (RuntimeException e) {
      verdict = Future.succeededFuture(new Admission.Rejected(500, "error"));
    }
    verdict.onComplete(ar -> {
      Admission admission = ar.succeeded() ? ar.result() : new Admission.Rejected(500, "error");
      if (admission instanceof Admission.Rejected rejected) {
        reject(request, rejected.status(), rejected.reason());
        return;
      }
      if (request.response().closed()) {
        return; // the client left while its credential was checked; no slot was taken yet
      }
      if (!limiter.tryAcquire()) {
        reject(request, 503, "limit");
        return;
      }
      stream(request, framing, (Admission.Admitted) admission, command);
    });
  }

  /**
   * Runs holding a slot. Whatever throws on the way to a session (issue 10 item 13), the slot comes back and the
   * request is answered: before the session exists by this method, after it by the session's close routine.
   */
  private void stream(HttpServerRequest request, StreamFraming framing, Admission.Admitted admitted, String command) {
    Session session = null;
    StreamTransport transport = null;
    try {
      transport = new StreamTransport(request, framing, UUID.randomUUID().toString(), sessions,
          limiter, closing, clock, vertx.getOrCreateContext());
      transport.open();
      // The opening request's allow-listed headers reach the proxies, as a WebSocket's upgrade headers do.
      session = shard.adopt(transport, admitted.identity(), Format.JSON, shard.forwardedHeaders(request.headers()));
      session.onMessage(command);
    } catch (RuntimeException | LinkageError e) {
      metrics.internalFailure(ACCEPT_STEP);
      LOG.log(System.Logger.Level.WARNING, "stream failed after its slot was taken; slot given back", e);
      if (session != null) {
        session.close(CloseReason.INTERNAL);
        return;
      }
      if (transport != null) {
        transport.abort(); // it owns the slot: the cut gives it back, once
        return;
      }
      limiter.release();
      HttpServerResponse response = request.response();
      try {
        if (!response.headWritten()) {
          response.setStatusCode(500).putHeader("Connection", "close");
        }
        response.end();
      } catch (RuntimeException alreadyEnded) {
        request.connection().close();
      }
    }
  }

  private void reject(HttpServerRequest request, int status, String reason) {
    metrics.handshakeRejected(reason);
    request.response().setStatusCode(status).end();
  }

  /** {@code {"session","node","data"}}: 204 once handed to the session's node, 404 when that node is gone. */
  private void emulation(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    cors(ctx.request());
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null || !(body.getValue("session") instanceof String session)
        || !(body.getValue("node") instanceof String node) || !(body.getValue("data") instanceof String data)) {
      response.setStatusCode(400).end("expected {\"session\",\"node\",\"data\"} with string values");
      return;
    }
    if (data.length() > maxCommandBytes) {
      response.setStatusCode(413).end();
      return;
    }
    if (node.equals(nodeId)) {
      sessions.deliver(session, data);
      response.setStatusCode(204).end();
      return;
    }
    JsonObject relay = new JsonObject().put("session", session).put("data", data);
    vertx.eventBus().request(Addresses.emulation(node), relay, new DeliveryOptions().setSendTimeout(DEFAULT_RELAY_TIMEOUT_MS))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            response.setStatusCode(204).end();
          } else {
            boolean gone = ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
            response.setStatusCode(gone ? 404 : 503).end();
          }
        });
  }
}
