package bench.peers.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One event loop's share of the bare peer: the sockets it accepted, indexed by channel. Confined
 * to its event loop, so plain collections suffice. A publication reaches every instance through a
 * local event-bus publish and each writes it to its own subscribers.
 */
final class BroadcastVerticle extends VerticleBase {
  static final String FANOUT_ADDRESS = "peer.fanout";

  private final int port;
  private final Map<String, Set<ServerWebSocket>> channels = new HashMap<>();
  private int sockets;

  BroadcastVerticle(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<String>localConsumer(FANOUT_ADDRESS, msg -> deliver(msg.body()));
    // Strict thread mode, as the hub uses it: every socket is only touched by the loop that accepted it (publications
    // arrive through a local consumer registered on this verticle's context), so Vert.x may skip its cross-thread
    // write queue for the HTTP connection. Public API, one line: part of the floor, not a hub-only trick.
    return vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true).setAcceptBacklog(4096)
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
        .webSocketHandler(this::accept)
        .requestHandler(this::http)
        .listen(port, "127.0.0.1");
  }

  private void accept(ServerWebSocket ws) {
    if (!"/ws".equals(ws.path())) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    sockets++;
    Set<String> mine = new HashSet<>(2);
    ws.textMessageHandler(text -> {
      String channel = new JsonObject(text).getString("sub");
      if (channel == null) return;
      channels.computeIfAbsent(channel, k -> new HashSet<>()).add(ws);
      mine.add(channel);
      ws.writeTextMessage("{\"subscribed\":\"" + channel + "\"}");
    });
    ws.closeHandler(v -> {
      sockets--;
      for (String channel : mine) {
        Set<ServerWebSocket> subs = channels.get(channel);
        if (subs != null && subs.remove(ws) && subs.isEmpty()) channels.remove(channel);
      }
    });
  }

  /** Body is "channel\ndata": a String is passed by reference on the local event bus, never copied. */
  private void deliver(String body) {
    int nl = body.indexOf('\n');
    Set<ServerWebSocket> subs = channels.get(body.substring(0, nl));
    if (subs == null) return;
    String data = body.substring(nl + 1);
    for (ServerWebSocket ws : subs) ws.writeTextMessage(data);
  }

  private void http(HttpServerRequest req) {
    if ("/publish".equals(req.path())) {
      req.body().onSuccess(buf -> {
        JsonObject pub = buf.toJsonObject();
        vertx.eventBus().publish(FANOUT_ADDRESS, pub.getString("channel") + "\n" + pub.getValue("data").toString());
        req.response().putHeader("content-type", "application/json").end("{\"result\":{}}");
      });
    } else if ("/stats".equals(req.path())) {
      req.response().end(new JsonObject().put("socketsOnThisLoop", sockets).encode());
    } else {
      req.response().setStatusCode(404).end();
    }
  }
}
