package hub.transport;

import hub.auth.AddressLimiter;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.config.ClientConfig;
import hub.config.HttpConfig;
import hub.session.SessionShard;
import hub.session.ShardServices;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One per event loop, all listening on the node's shared port. It owns the HTTP server of its loop (upgrade
 * handling plus the HTTP routes) and the session shard of that loop. A {@code ServerWebSocket} runs its handlers on
 * the context that accepted it, so the shard must live here; no socket ever crosses to another loop.
 */
public final class GatewayVerticle extends VerticleBase {

  private final int index;
  private final ShardServices services;
  private final HandshakeGate gate;
  private final ConnectionLimiter limiter;
  private final AddressLimiter addresses;
  private final Function<Vertx, Router> routes;
  private final EmulationSessions emulation;
  private final Function<SharedFrames, Function<ServerWebSocket, WebSocketChannel>> channels;
  private SessionShard shard;
  private SharedFrames frames;
  private HttpServer server;

  /**
   * @param index  this gateway's shard number within the node
   * @param routes    builds the router for plain HTTP requests (health, metrics, API) on this gateway's loop
   * @param emulation the node's HTTP-streaming and SSE sessions, shared by its gateways
   * @param addresses the node's per-address count of connections that wait on their client
   */
  public GatewayVerticle(int index, ShardServices services, HandshakeGate gate, ConnectionLimiter limiter,
                         AddressLimiter addresses, Function<Vertx, Router> routes, EmulationSessions emulation) {
    this(index, services, gate, limiter, addresses, routes, emulation,
        frames -> ws -> WebSocketChannel.open(ws, frames, services.config().client().maxQueuedBytes()));
  }

  /** @param channels given this loop's shared frames, builds the write side of each accepted socket */
  GatewayVerticle(int index, ShardServices services, HandshakeGate gate, ConnectionLimiter limiter,
                  AddressLimiter addresses, Function<Vertx, Router> routes, EmulationSessions emulation,
                  Function<SharedFrames, Function<ServerWebSocket, WebSocketChannel>> channels) {
    this.channels = channels;
    this.addresses = addresses;
    this.index = index;
    this.services = services;
    this.gate = gate;
    this.limiter = limiter;
    this.routes = routes;
    this.emulation = emulation;
  }

  @Override
  public Future<?> start() {
    shard = new SessionShard(index, vertx, services);
    ClosingSockets closing = new ClosingSockets(ClosingSockets.DEFAULT_CLOSE_GRACE_MS, services.clock());
    shard.onSweep(closing::expire);
    frames = new SharedFrames(ByteBufAllocator.DEFAULT);
    // Between fan-outs the cached frame is only memory; a sweep drops it so an idle loop holds no buffer.
    shard.onSweep(now -> frames.forget());
    HttpConfig http = services.config().http();
    PendingConnections pending = new PendingConnections(http.headerTimeout().toMillis(),
        http.bodyTimeout().toMillis(), http.idleTimeout().toMillis(), addresses, services.metrics());
    shard.onSweep(pending::sweep);
    Router router = router(closing);
    server = vertx.createHttpServer(serverOptions(http, services.config().client()))
        .connectionHandler(conn -> pending.opened(conn, services.clock().millis()))
        .webSocketHandshakeHandler(new UpgradeHandler(gate, limiter, services.metrics(), shard, closing,
            services.clock(), pending, channels.apply(frames),
            services.config().client().coalesceWrites()
                ? new WriteCoalescer(context, services.config().client().maxQueuedBytes()) : null))
        .requestHandler(req -> {
          pending.requestStarted(req, services.clock().millis());
          router.handle(req);
        });
    // Port 0 in the configuration means "any free port"; a negative port makes Vert.x share that random port
    // between the gateways of this node instead of giving each its own.
    int port = http.port() == 0 ? -1 : http.port();
    return shard.start().compose(v -> server.listen(port, http.host()));
  }

  private Router router(ClosingSockets closing) {
    Router router = routes.apply(vertx);
    new EmulationRoutes(vertx, services.nodeId(), gate, limiter, services.metrics(), shard, emulation, closing,
        services.clock(), services.config().client().maxMessageBytes()).mount(router);
    return router;
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.compose(v -> shard == null ? Future.succeededFuture() : shard.stop())
        .andThen(v -> {
          if (frames != null) {
            frames.forget();
          }
        });
  }

  /** The port actually bound (meaningful after start). */
  public int actualPort() {
    return server.actualPort();
  }

  /** Closes this gateway's sessions with 3001 over {@code window}; runs on the gateway's own loop. */
  public Future<Void> drain(Duration window) {
    return Future.future(done -> context.runOnContext(v -> shard.drain(window).onComplete(done)));
  }

  static HttpServerOptions serverOptions(HttpConfig http, ClientConfig client) {
    return new HttpServerOptions()
        .setMaxWebSocketFrameSize(client.maxMessageBytes())
        .setMaxWebSocketMessageSize(client.maxMessageBytes())
        .setWebSocketSubProtocols(HandshakeGate.SUBPROTOCOLS)
        // Compression keeps a deflater per connection (tens of KiB each); idle connections are what we optimise.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Every request and socket of this server is used only from the event loop that accepted it (see the class
        // comment), which lets Vert.x write straight to the channel instead of through a cross-thread queue that
        // costs about 4 KiB per connection.
        .setStrictThreadMode(true)
        // The hub speaks HTTP/1.1 (WebSocket upgrades, a small JSON API). A client offering "Upgrade: h2c" (the JDK
        // HttpClient does by default) is answered over HTTP/1.1; with the upgrade on, some of those requests hung.
        .setHttp2ClearTextEnabled(false)
        .setAcceptBacklog(4096)
        .setTcpNoDelay(true);
  }
}
