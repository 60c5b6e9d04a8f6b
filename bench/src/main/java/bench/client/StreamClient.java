package bench.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Recovering subscribers over several hub nodes, as an SDK behind a load balancer behaves: each session lives on its
 * home node; when its socket closes (drain 3001, a killed node, anything) it waits a random delay up to the jitter,
 * then reconnects to the next node in the list (and the next, while connects fail) and resubscribes with
 * {@code recover:true} and the position it held. An unsubscribe push (2500) or a failed subscribe (error 100 during a
 * partition migration, say) resubscribes on the same socket after a short pause.
 */
final class StreamClient {
  static final long RETRY_MS = 250;

  private final Vertx vertx;
  private final WebSocketClient ws;
  private final List<Integer> ports;
  private final Jwt jwt;
  private final long jitterMs;
  private final List<StreamSession> sessions = new CopyOnWriteArrayList<>();
  private volatile boolean stopping;

  StreamClient(Vertx vertx, String source, List<Integer> ports, String secret, long jitterMs) {
    this.vertx = vertx;
    this.ports = ports;
    this.jwt = new Jwt(secret);
    this.jitterMs = jitterMs;
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(source)
        .setMaxConnections(100_000).setConnectTimeout(10_000));
  }

  List<StreamSession> sessions() {
    return sessions;
  }

  /** Opens session {@code index} on node {@code index % ports}; completes once it is subscribed the first time. */
  Future<StreamSession> open(int index, String channel) {
    int home = Math.floorMod(index, ports.size());
    StreamSession s = new StreamSession(index, home, channel, ports.get(home));
    sessions.add(s);
    Promise<StreamSession> first = Promise.promise();
    connect(s, first);
    return first.future();
  }

  private void connect(StreamSession s, Promise<StreamSession> first) {
    if (stopping) return;
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(s.port).setURI("/connection/websocket")
            .setAllowOriginHeader(false))
        .onSuccess(socket -> attach(s, socket, first))
        .onFailure(err -> {
          if (first != null) {
            first.tryFail(err);
            return;
          }
          // the node is gone or refuses upgrades while draining: try the next one
          s.port = next(s.port);
          vertx.setTimer(RETRY_MS + jitter(), t -> connect(s, null));
        });
  }

  private void attach(StreamSession s, WebSocket socket, Promise<StreamSession> first) {
    socket.textMessageHandler(text -> {
      for (String line : text.split("\n")) {
        if (!line.isEmpty()) onLine(s, socket, line, first);
      }
    });
    socket.exceptionHandler(err -> { });
    socket.closeHandler(v -> {
      Short code = socket.closeStatusCode();
      s.onLost(code == null ? "no-close-frame" : "code:" + code);
      if (first != null && first.tryFail("closed before subscribed")) return;
      if (stopping) return;
      s.reconnects++;
      s.port = next(s.port);
      vertx.setTimer(1 + jitter(), t -> connect(s, null));
    });
    String token;
    synchronized (jwt) {
      token = jwt.forSubject("s" + s.index);
    }
    socket.writeTextMessage("{\"connect\":{\"token\":\"" + token + "\"},\"id\":1}");
  }

  private void onLine(StreamSession s, WebSocket socket, String line, Promise<StreamSession> first) {
    if (line.startsWith("{\"push\"")) {
      if (line.contains("\"unsubscribe\"")) {
        s.subscribed = false;
        vertx.setTimer(RETRY_MS, t -> socket.writeTextMessage(s.subscribeCommand()));
        return;
      }
      long offset = offsetOf(line);
      if (offset > 0) s.onOffset(offset);
      return;
    }
    if ("{}".equals(line)) {
      socket.writeTextMessage("{}");
      return;
    }
    JsonObject reply = new JsonObject(line);
    int id = reply.getInteger("id", 0);
    if (reply.containsKey("error")) {
      if (first != null && !first.future().isComplete()) {
        first.tryFail("error reply " + line);
        return;
      }
      s.subscribeErrors++;
      // a connect error means the node will not take us: the close handler moves on; a subscribe error is retried
      if (id == 2) vertx.setTimer(RETRY_MS, t -> socket.writeTextMessage(s.subscribeCommand()));
      else socket.close();
      return;
    }
    if (id == 1) {
      socket.writeTextMessage(s.subscribeCommand());
    } else if (id == 2) {
      s.onSubscribed(reply.getJsonObject("subscribe", new JsonObject()));
      if (first != null) first.tryComplete(s);
    }
  }

  /** The publication's offset: the last {@code "offset":} of the push (the bench payload has no such key). */
  static long offsetOf(String line) {
    int at = line.lastIndexOf("\"offset\":");
    if (at < 0) return -1;
    long v = 0;
    int digits = 0;
    for (int i = at + 9; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') break;
      v = v * 10 + (c - '0');
      digits++;
    }
    return digits == 0 ? -1 : v;
  }

  private int next(int port) {
    return ports.get((ports.indexOf(port) + 1) % ports.size());
  }

  private long jitter() {
    return jitterMs <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMs);
  }

  void stop() {
    stopping = true;
  }
}
