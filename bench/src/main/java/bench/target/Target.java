package bench.target;

import java.util.Locale;

/**
 * The servers the harness can measure. Each names the wire adapter its clients speak, the HTTP path
 * that takes a publication, and the runtime it runs on (which decides how heap is read).
 */
public enum Target {
  /** realtime-hub itself: Centrifuge protocol v2 JSON, server API with an API key. */
  HUB("hub", Runtime.JVM, "hub", "/api/publish"),
  /** The smallest Vert.x 5 broadcast server (bench.peers.vertx), the floor of our own framework. */
  VERTX("vertx", Runtime.JVM, "plain", "/publish"),
  /** Socket.IO 4 on Node, websocket transport only, rooms for channels. */
  SOCKETIO("socketio", Runtime.NODE, "socketio", "/publish"),
  /** The ws package on Node with a minimal broadcast server: the plain-WebSocket floor on Node. */
  WS("ws", Runtime.NODE, "plain", "/publish");

  /** How the server's heap is read after a forced full GC: jcmd for a JVM, its own /stats for Node. */
  public enum Runtime { JVM, NODE }

  private final String label;
  private final Runtime runtime;
  private final String wire;
  private final String publishPath;

  Target(String label, Runtime runtime, String wire, String publishPath) {
    this.label = label;
    this.runtime = runtime;
    this.wire = wire;
    this.publishPath = publishPath;
  }

  public String label() {
    return label;
  }

  public Runtime runtime() {
    return runtime;
  }

  /** Name of the client-side adapter ({@code bench.client.WireAdapter#forName}). */
  public String wire() {
    return wire;
  }

  public String publishPath() {
    return publishPath;
  }

  /** Path that answers 200 once the server accepts connections. */
  public String readyPath() {
    return this == HUB ? "/ready" : this == VERTX ? "/stats" : "/health";
  }

  public static Target parse(String label) {
    for (Target t : values()) {
      if (t.label.equals(label.trim().toLowerCase(Locale.ROOT))) return t;
    }
    throw new IllegalArgumentException("unknown target '" + label + "' (hub, vertx, socketio, ws)");
  }
}
