package hub.transport;

import hub.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's open HTTP-streaming and SSE connections by emulation session id, so that a {@code POST /emulation} that
 * reaches any event loop of the node (directly or relayed from another node) finds its stream. Entries are added
 * when a stream binds to its session and removed when the stream is finished, in the transport's one finish path.
 * Thread-safe: requests arrive on every loop, while each stream is confined to its own.
 */
public final class EmulationSessions {

  private final Map<String, StreamTransport> open = new ConcurrentHashMap<>();

  void add(String id, StreamTransport transport) {
    open.put(id, transport);
  }

  void remove(String id, StreamTransport transport) {
    open.remove(id, transport);
  }

  /**
   * Hands {@code commands} (newline-separated JSON) to the session's own loop. An unknown session is ignored, as in
   * Centrifugo: its stream has ended and the client is reconnecting anyway.
   *
   * @return whether the session was found
   */
  public boolean deliver(String id, String commands) {
    StreamTransport transport = open.get(id);
    if (transport == null) {
      return false;
    }
    transport.deliver(commands);
    return true;
  }

  /**
   * Serves the {@code /emulation} bodies that other nodes relay for this node's streams: one consumer per node,
   * registered at start and gone with the node (whose absence the relaying node reads as 404).
   */
  public Future<Void> serveRelays(Vertx vertx, String nodeId) {
    return vertx.eventBus().<JsonObject>consumer(Addresses.emulation(nodeId), msg -> {
      JsonObject body = msg.body();
      deliver(body.getString("session", ""), body.getString("data", ""));
      msg.reply(null);
    }).completion();
  }

  /** Open streams on this node. */
  public int size() {
    return open.size();
  }
}
