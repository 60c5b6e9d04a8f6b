package bench.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.util.function.Consumer;

/**
 * The client side of one HTTP-streaming session (centrifuge-js's {@code http_stream} transport): the first command
 * sent, the connect, is the body of {@code POST /connection/http_stream}, whose response stays open and carries the
 * server's replies and pushes as newline-delimited JSON; every later command goes as {@code POST /emulation}
 * naming the session and node from the connect reply. Thread-safe: sends may come from any thread (Vert.x clients
 * allow it); the stream's handlers run on its connection's event loop.
 */
final class StreamLink {
  static final String STREAM_PATH = "/connection/http_stream";
  static final String EMULATION_PATH = "/emulation";

  private final HttpClient streams;
  private final HttpClient commands;
  private final String host;
  private final int port;
  private final Consumer<String> onLine;
  private final Consumer<String> onEnd;
  private volatile boolean opened;
  private volatile String session;
  private volatile String node;
  private volatile HttpClientResponse response;
  private volatile boolean ended;

  /**
   * @param streams  the client whose connections hold the streams (one connection each, never reused meanwhile)
   * @param commands a pooled keep-alive client for the emulation requests
   * @param onLine   every line of the stream, in order
   * @param onEnd    once, when the stream ends or fails, with why
   */
  StreamLink(HttpClient streams, HttpClient commands, String host, int port, Consumer<String> onLine,
             Consumer<String> onEnd) {
    this.streams = streams;
    this.commands = commands;
    this.host = host;
    this.port = port;
    this.onLine = onLine;
    this.onEnd = onEnd;
  }

  void send(String command) {
    if (!opened) {
      opened = true;
      open(command);
      return;
    }
    if (session == null) {
      onEnd("command before the connect reply");
      return;
    }
    String body = new JsonObject().put("session", session).put("node", node).put("data", command).encode();
    commands.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(EMULATION_PATH)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(body))
        .onComplete(ar -> {
          if (ar.failed() || ar.result().statusCode() != 204) {
            onEnd("emulation " + (ar.failed() ? ar.cause().getClass().getSimpleName() : "HTTP " + ar.result().statusCode()));
          }
        });
  }

  private void open(String connect) {
    streams.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(STREAM_PATH)
            .putHeader("content-type", "application/json"))
        .compose(req -> req.send(connect))
        .onComplete(ar -> {
          if (ar.failed()) {
            onEnd("stream " + ar.cause().getClass().getSimpleName());
            return;
          }
          HttpClientResponse r = ar.result();
          if (r.statusCode() != 200) {
            onEnd("stream HTTP " + r.statusCode());
            return;
          }
          response = r;
          RecordParser lines = RecordParser.newDelimited("\n", this::line);
          r.handler(lines);
          r.exceptionHandler(err -> onEnd("stream error:" + err.getClass().getSimpleName()));
          r.endHandler(v -> onEnd("stream ended"));
        });
  }

  private void line(Buffer raw) {
    if (raw.length() == 0) return;
    String line = raw.toString();
    if (session == null && line.contains("\"connect\"")) {
      JsonObject connect = new JsonObject(line).getJsonObject("connect");
      if (connect != null) {
        session = connect.getString("session");
        node = connect.getString("node");
      }
    }
    onLine.accept(line);
  }

  private void onEnd(String why) {
    if (!ended) {
      ended = true;
      onEnd.accept(why);
    }
  }

  /** Drops the stream's connection (HTTP-streaming has no close handshake: the server sees connection_lost). */
  void close() {
    HttpClientResponse r = response;
    if (r != null) {
      r.request().connection().close();
    } else {
      onEnd("closed before the stream opened");
    }
  }
}
