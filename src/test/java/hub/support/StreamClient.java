package hub.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A centrifuge-js-shaped client of the emulated transports: opens {@code /connection/http_stream} (NDJSON) or
 * {@code /connection/sse} (events) with a connect command, reads every message of the stream into a queue, and sends
 * later commands as {@code POST /emulation}. It can stop reading (a slow client) or drop its connection (a client
 * gone). Thread-safe for the test thread; the stream is read on a Vert.x loop.
 */
public final class StreamClient implements AutoCloseable {

  public static final String HTTP_STREAM = "http_stream";
  public static final String SSE = "sse";

  private final Vertx vertx;
  private final HttpClient http;
  private final int port;
  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final StringBuilder pending = new StringBuilder();
  private final String transport;
  private HttpClientResponse response;
  private JsonObject connectReply;

  private StreamClient(Vertx vertx, int port, String transport) {
    this.vertx = vertx;
    this.port = port;
    this.transport = transport;
    // A small receive buffer, so that a client that stops reading is soon seen as slow by the hub.
    this.http = vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(4096).setKeepAlive(false));
  }

  /** Opens a stream; the answer's status is returned, and the stream read only when it is 200. */
  public static StreamClient open(Vertx vertx, int port, String transport, JsonObject connect,
                                  Map<String, String> headers) {
    StreamClient c = new StreamClient(vertx, port, transport);
    c.start(connect.encode(), headers);
    return c;
  }

  /** Opens a stream with a connect for {@code user} and waits for the connect reply. */
  public static StreamClient connected(Vertx vertx, int port, String transport, String user) {
    StreamClient c = open(vertx, port, transport, connectCommand(Tokens.forUser(user)), Map.of());
    if (c.status() != 200) {
      throw new AssertionError("stream refused with " + c.status());
    }
    c.connectReply = c.next(m -> m.getLong("id", 0L) == 1L);
    if (!c.connectReply.containsKey("connect")) {
      throw new AssertionError("connect failed: " + c.connectReply);
    }
    return c;
  }

  public static JsonObject connectCommand(String token) {
    return new JsonObject().put("id", 1).put("connect", new JsonObject().put("token", token).put("name", "js"));
  }

  private void start(String command, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port);
    if (HTTP_STREAM.equals(transport)) {
      options.setMethod(HttpMethod.POST).setURI("/connection/http_stream");
    } else {
      options.setMethod(HttpMethod.GET)
          .setURI("/connection/sse?cf_connect=" + URLEncoder.encode(command, StandardCharsets.UTF_8));
    }
    headers.forEach(options::putHeader);
    // Vert.x drops body chunks that arrive before a data handler is set. The request is made from one event-loop
    // context, so the connection reads on that loop and the response future completes in the same turn as the head:
    // the handler is set before any chunk that came in the same read. From a plain thread the future's callbacks
    // would hop to another loop, and a connect reply packed with the head was sometimes lost.
    CompletableFuture<HttpClientResponse> sent = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> http.request(options)
        .compose(req -> HTTP_STREAM.equals(transport) ? req.send(command) : req.send())
        .onSuccess(r -> {
          r.handler(this::onData);
          r.endHandler(end -> ended.countDown());
          r.exceptionHandler(t -> ended.countDown());
          sent.complete(r);
        })
        .onFailure(sent::completeExceptionally));
    response = Await.result(sent);
    if (response.statusCode() != 200) {
      ended.countDown();
    }
  }

  private synchronized void onData(Buffer data) {
    pending.append(data.toString(StandardCharsets.UTF_8));
    String separator = HTTP_STREAM.equals(transport) ? "\n" : "\n\n";
    int end;
    while ((end = pending.indexOf(separator)) >= 0) {
      String message = pending.substring(0, end).trim();
      pending.delete(0, end + separator.length());
      if (message.startsWith("data: ")) {
        message = message.substring(6);
      }
      if (!message.isEmpty()) {
        messages.add(new JsonObject(message));
      }
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.getHeader(name);
  }

  public JsonObject connectReply() {
    return connectReply;
  }

  public String session() {
    return connectReply.getJsonObject("connect").getString("session");
  }

  public String node() {
    return connectReply.getJsonObject("connect").getString("node");
  }

  /** The next message that matches, skipping others; fails after 10 s. */
  public JsonObject next(Predicate<JsonObject> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try {
      while (true) {
        JsonObject m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m == null) {
          throw new AssertionError("no matching message on the " + transport + " stream");
        }
        if (wanted.test(m)) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject reply(long id) {
    return next(m -> m.getLong("id", 0L) == id);
  }

  /** The next push of {@code kind} ({@code pub}, {@code disconnect}, ...). */
  public JsonObject push(String kind) {
    return next(m -> m.containsKey("push") && m.getJsonObject("push").containsKey(kind))
        .getJsonObject("push");
  }

  /** POSTs commands (newline-separated) to {@code /emulation} of the hub on {@code hubPort}; returns the status. */
  public int emulate(int hubPort, String node, String... commands) {
    String body = new JsonObject().put("session", session()).put("node", node)
        .put("data", String.join("\n", commands)).encode();
    return postEmulation(vertx, hubPort, body);
  }

  public int emulate(String... commands) {
    return emulate(port, node(), commands);
  }

  /** POSTs a raw body to {@code /emulation}; returns the status. */
  public static int postEmulation(Vertx vertx, int port, String body) {
    HttpClient client = vertx.createHttpClient();
    try {
      // From one event-loop context, for the reason given in start(): an empty answer's end can come in the same
      // read as its head, and body() asked for from another loop would then never complete.
      CompletableFuture<Integer> status = new CompletableFuture<>();
      vertx.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.POST, port, "127.0.0.1", "/emulation")
          .compose(req -> req.send(body)).compose(r -> r.body().map(b -> r.statusCode()))
          .onComplete(ar -> {
            if (ar.succeeded()) {
              status.complete(ar.result());
            } else {
              status.completeExceptionally(ar.cause());
            }
          }));
      return Await.result(status);
    } finally {
      client.close();
    }
  }

  /** Stops reading the stream; the hub's writes pile up. */
  public void stopReading() {
    response.pause();
  }

  /** Waits until the hub has ended the stream (or the connection is gone). */
  public void awaitEnd() {
    try {
      if (!ended.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the " + transport + " stream did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public boolean isEnded() {
    return ended.getCount() == 0;
  }

  /** Drops the TCP connection without ending anything: a client gone. */
  public void drop() {
    Await.result(response.request().connection().close().toCompletionStage());
  }

  @Override
  public void close() {
    http.close();
  }
}
