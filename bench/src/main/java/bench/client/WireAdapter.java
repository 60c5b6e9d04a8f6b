package bench.client;

/**
 * What differs between targets on the wire: the upgrade path, the handshake that ends in
 * "subscribed", heartbeats and where the publication's timestamp sits. One instance serves all
 * sessions of a client process, so implementations keep per-connection state in {@link Session}.
 */
public interface WireAdapter {

  /** Request URI of the WebSocket upgrade. */
  String path();

  /** Called once the upgrade succeeded; starts the handshake. */
  void start(Session session);

  /** Called for every text message (a line, on HTTP-streaming); drives the handshake, answers pings, records publications. */
  void onText(Session session, String text);

  /** Called for every binary message; only binary formats expect one. */
  default void onBinary(Session session, io.vertx.core.buffer.Buffer frame) {
    session.failed("unexpected binary frame");
  }

  /** Whether the sessions of this adapter travel over HTTP-streaming instead of a WebSocket. */
  default boolean httpStream() {
    return false;
  }

  static WireAdapter forName(String name, String jwtSecret) {
    switch (name) {
      case "hub": return new HubWire(jwtSecret);
      case "hub-protobuf": return new ProtoWire(jwtSecret);
      case "hub-http-stream": return new HubWire(jwtSecret, true);
      case "socketio": return new SocketIoWire();
      case "plain": return new PlainWire();
      default: throw new IllegalArgumentException("unknown wire adapter: " + name);
    }
  }
}
