package bench.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
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
  /** Keep-alive connections per source address for HTTP-streaming's {@code POST /emulation} (subscribes, pongs). */
  static final int COMMAND_POOL = 32;

  private final Vertx vertx;
  private final WireAdapter wire;
  private final String host;
  private final int port;
  private final List<WebSocketClient> clients = new ArrayList<>();
  /** HTTP-streaming only, per source address: the clients holding the streams, and those posting commands. */
  private final List<HttpClient> streamClients = new ArrayList<>();
  private final List<HttpClient> commandClients = new ArrayList<>();
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
      if (wire.httpStream()) {
        streamClients.add(vertx.createHttpClient(new HttpClientOptions().setLocalAddress(src).setConnectTimeout(10_000),
            new PoolOptions().setHttp1MaxSize(100_000)));
        commandClients.add(vertx.createHttpClient(new HttpClientOptions().setLocalAddress(src).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(COMMAND_POOL)));
      }
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
    int slot = Math.floorMod(nextClient.getAndIncrement(), clients.size());
    if (wire.httpStream()) {
      openStream(session, slot);
      return awaitHandshake(session);
    }
    WebSocketClient client = clients.get(slot);
    // no Origin header: like Node ws and other non-browser clients (the hub refuses unknown Origins)
    client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(wire.path()).setAllowOriginHeader(false))
        .onSuccess(ws -> attach(session, ws))
        .onFailure(err -> {
          session.failed(err.getClass().getSimpleName());
          onGone.accept(session);
        });
    return awaitHandshake(session);
  }

  private Future<Session> awaitHandshake(Session session) {
    long timer = vertx.setTimer(HANDSHAKE_TIMEOUT_MS, t -> session.failed("handshake timeout"));
    return session.ready().andThen(r -> {
      vertx.cancelTimer(timer);
      WebSocket ws = session.socket();
      if (r.failed() && ws != null && !ws.isClosed()) Ending.RST.end(session);
      if (r.failed() && session.stream() != null) session.stream().close();
    });
  }

  /** HTTP-streaming: the wire's first command (connect) opens the stream, each line of it is a frame. */
  private void openStream(Session session, int slot) {
    StreamLink link = new StreamLink(streamClients.get(slot), commandClients.get(slot), host, port,
        line -> wire.onText(session, line),
        why -> {
          if (live.remove(session)) stats.countClose(why);
          session.failed(why);
          onGone.accept(session);
        });
    session.attach(link);
    live.add(session);
    wire.start(session);
  }

  private void attach(Session session, WebSocket ws) {
    session.attach(ws);
    live.add(session);
    ws.textMessageHandler(text -> wire.onText(session, text));
    ws.binaryMessageHandler(frame -> wire.onBinary(session, frame));
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
