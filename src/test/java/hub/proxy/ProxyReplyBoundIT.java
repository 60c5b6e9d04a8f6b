package hub.proxy;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static hub.proxy.ProxyErrors.assertTemporary100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A proxy answer over {@code proxies.<name>.maxReplyBytes} is a failed call (error 100, temporary, counted as
 * {@code unavailable}), and on HTTP the hub cuts the connection instead of reading the rest. The backend pads its
 * well-formed answer to the size the client asks for in its connect data, so the same backend proves both sides of
 * the bound. The call timeout is far longer than the test's reply deadline: an error can only come from the bound.
 */
class ProxyReplyBoundIT {

  static final int MAX_REPLY = 4096;
  /** What the HTTP backend would send if nobody stopped it: 16 MiB, well-formed. */
  static final long HUGE = 16L << 20;
  static final String ADDRESS = "test.hub.proxy.bound";
  static final String UNAVAILABLE = "hub_proxy_calls_total{kind=\"connect\",outcome=\"unavailable\"}";

  static Vertx backendVertx;
  static HttpServer backend;
  static TestHub httpHub;
  static TestHub busHub;
  static MessageConsumer<JsonObject> busBackend;
  static final AtomicLong bytesWritten = new AtomicLong();
  static final AtomicBoolean cutBeforeEnd = new AtomicBoolean();
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    backendVertx = Vertx.vertx();
    backend = Await.result(backendVertx.createHttpServer()
        .requestHandler(req -> req.body().onSuccess(body -> padded(req.response(),
            body.toJsonObject().getJsonObject("data").getLong("pad"))))
        .listen(0, "127.0.0.1"));
    httpHub = TestHub.start(config("http://127.0.0.1:" + backend.actualPort() + "/hub/connect"));
    busHub = TestHub.start(config("eventbus:" + ADDRESS));
    busBackend = busHub.node().vertx().eventBus().<JsonObject>consumer(ADDRESS, msg -> msg.reply(
        new JsonObject().put("result", new JsonObject().put("user", "u")
            .put("data", new JsonObject().put("pad", "a".repeat(msg.body().getJsonObject("data").getInteger("pad")))))));
    Await.result(busBackend.completion());
  }

  private static JsonObject config(String endpoint) {
    return new JsonObject().put("proxies", new JsonObject().put("connect", new JsonObject()
            .put("endpoint", endpoint).put("timeoutMs", 60_000).put("maxReplyBytes", MAX_REPLY)))
        .put("client", new JsonObject().put("connectProxy", "connect"));
  }

  /** A chunked, well-formed result whose data holds {@code pad} bytes, written as fast as the peer reads. */
  private static void padded(HttpServerResponse resp, long pad) {
    bytesWritten.set(0);
    cutBeforeEnd.set(false);
    resp.setChunked(true).putHeader("content-type", "application/json");
    resp.closeHandler(v -> cutBeforeEnd.set(true));
    resp.write("{\"result\":{\"user\":\"u\",\"data\":{\"pad\":\"");
    writePad(resp, pad);
  }

  private static void writePad(HttpServerResponse resp, long left) {
    Buffer chunk = Buffer.buffer("a".repeat(64 * 1024));
    while (left > 0 && !resp.writeQueueFull() && !cutBeforeEnd.get()) {
      Buffer part = left >= chunk.length() ? chunk : chunk.slice(0, (int) left);
      resp.write(part);
      left -= part.length();
      bytesWritten.addAndGet(part.length());
    }
    if (cutBeforeEnd.get()) {
      return;
    }
    if (left > 0) {
      long rest = left;
      resp.drainHandler(v -> writePad(resp, rest));
    } else {
      resp.end("\"}}}");
    }
  }

  @AfterAll
  static void stop() {
    httpHub.close();
    busHub.close();
    Await.result(backendVertx.close());
  }

  @AfterEach
  void idle() {
    clients.forEach(WsClient::close);
    httpHub.assertIdle();
    busHub.assertIdle();
  }

  private JsonObject connect(TestHub hub, long pad) {
    WsClient c = WsClient.open(hub.port());
    clients.add(c);
    return c.call("connect", new JsonObject().put("data", new JsonObject().put("pad", pad)));
  }

  @Test
  void httpAnswerWithinTheBoundIsTaken() {
    JsonObject reply = connect(httpHub, MAX_REPLY - 100);
    assertTrue(reply.containsKey("connect"), reply.encode());
  }

  @Test
  void hugeHttpAnswerIsError100AndTheConnectionIsCut() {
    double before = httpHub.scrape().value(UNAVAILABLE);
    assertTemporary100(connect(httpHub, HUGE));
    Await.until("backend sees its connection cut", cutBeforeEnd::get);
    assertTrue(bytesWritten.get() < HUGE, "the hub read the whole body: " + bytesWritten.get());
    assertEquals(before + 1, httpHub.scrape().value(UNAVAILABLE));
    // The pool is still usable: the next call within the bound succeeds.
    assertTrue(connect(httpHub, 10).containsKey("connect"));
  }

  @Test
  void eventBusReplyWithinTheBoundIsTaken() {
    assertTrue(connect(busHub, MAX_REPLY - 100).containsKey("connect"));
  }

  @Test
  void oversizedEventBusReplyIsError100() {
    double before = busHub.scrape().value(UNAVAILABLE);
    assertTemporary100(connect(busHub, 4 * MAX_REPLY));
    assertEquals(before + 1, busHub.scrape().value(UNAVAILABLE));
  }
}
