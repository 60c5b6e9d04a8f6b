package bench.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Opens and tracks the WebSocket sessions of one client process. Each source address gets its own
 * {@link WebSocketClient} bound to it, so one process can spread over several 127.0.0.x addresses
 * (28k ephemeral ports each) when churn leaves many sockets in TIME_WAIT.
 */
public final class LoadClient {
  static final long HANDSHAKE_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final WireAdapter wire;
  private final String host;
  private final int port;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final AtomicInteger nextClient = new AtomicInteger();
  private final Set<Session> live = ConcurrentHashMap.newKeySet();
  private final LoadStats stats = new LoadStats();
  private volatile Consumer<Session> onGone = s -> {};

  public LoadClient(Vertx vertx, WireAdapter wire, String host, int port, List<String> sourceAddresses) {
    this.vertx = vertx;
    this.wire = wire;
    this.host = host;
    this.port = port;
    for (String src : sourceAddresses) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress(src)
          // the default of 50 per endpoint would queue every connection past the 50th
          .setMaxConnections(100_000)
          .setConnectTimeout(10_000)));
    }
  }

  Vertx vertx() {
    return vertx;
  }

  LoadStats stats() {
    return stats;
  }

  Set<Session> live() {
    return live;
  }

  /** Called once for every session that stops holding a socket (closed or failed). */
  void onGone(Consumer<Session> listener) {
    this.onGone = listener;
  }

  /** Opens one session; the future completes once it is subscribed, or fails. */
  Future<Session> open(int index, String channel) {
    Session session = new Session(index, channel, stats);
    WebSocketClient client = clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
    // no Origin header: like Node ws and other non-browser clients (the hub refuses unknown Origins)
    client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(wire.path()).setAllowOriginHeader(false))
        .onSuccess(ws -> attach(session, ws))
        .onFailure(err -> {
          session.failed(err.getClass().getSimpleName());
          onGone.accept(session);
        });
    long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, t -> session.failed("handshake timeout"));
    return session.ready().andThen(r -> {
      vertx.cancelTimer(timer);
      WebSocket ws = session.socket();
      if (r.failed() && ws != null && !ws.isClosed()) Ending.RST.end(session);
    });
  }

  private void attach(Session session, WebSocket ws) {
    session.attach(ws);
    live.add(session);
    ws.textMessageHandler(text -> wire.onText(session, text));
    ws.exceptionHandler(err -> stats.countClose("error:" + err.getClass().getSimpleName()));
    ws.closeHandler(v -> {
      live.remove(session);
      Short code = ws.closeStatusCode();
      stats.countClose(code == null ? "no-close-frame" : "code:" + code);
      session.failed("closed before subscribed");
      onGone.accept(session);
    });
    wire.start(session);
  }

  public void close() {
    vertx.close().await();
  }
}
