package hub.it;

import hub.metrics.HubMetrics;
import hub.support.Await;
import hub.support.PrometheusText;
import hub.support.StreamClient;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP-streaming and SSE transports end to end: a stream carries the server's side of the session, commands go
 * through {@code POST /emulation}, and every exit (client gone, slow reader, drain, API disconnect, bad token, no
 * pong) ends with a disconnect push where the client can still read one, and with the hub idle.
 */
class EmulationIT {

  static Vertx vertx;
  TestHub hub;

  @BeforeAll
  static void clients() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeClients() {
    Await.result(vertx.close());
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private TestHub hub(JsonObject overrides) {
    hub = TestHub.start(overrides);
    return hub;
  }

  private static String subscribe(long id, String channel) {
    return new JsonObject().put("id", id).put("subscribe", new JsonObject().put("channel", channel)).encode();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void connectsSubscribesReceivesAndPublishes(String transport) {
    hub(new JsonObject());
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "alice")) {
      assertEquals(hub.node().nodeId(), c.node(), "the connect reply names the node");
      assertNotNull(c.session(), "and the emulation session");
      assertTrue(c.header("Cache-Control").contains("no-store"));
      assertEquals(1.0, hub.node().registry().find("hub.sessions.opened").tag("transport", transport).counter().count());

      assertEquals(204, c.emulate(subscribe(2, "chat:room")));
      assertTrue(c.reply(2).containsKey("subscribe"), "subscribe answered on the stream");

      hub.apiResult("publish", new JsonObject().put("channel", "chat:room").put("data", new JsonObject().put("n", 1)));
      JsonObject pub = c.push("pub");
      assertEquals("chat:room", pub.getString("channel"));
      assertEquals(1, pub.getJsonObject("pub").getJsonObject("data").getInteger("n"));

      assertEquals(204, c.emulate(new JsonObject().put("id", 3).put("publish",
          new JsonObject().put("channel", "chat:room").put("data", new JsonObject().put("n", 2))).encode()));
      assertTrue(c.reply(3).containsKey("publish"));
      assertEquals(2, c.push("pub").getJsonObject("pub").getJsonObject("data").getInteger("n"));

      c.drop();
      Await.until("connection_lost counted for " + transport, () -> hub.closed("connection_lost", transport) == 1.0);
    }
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void drainSendsDisconnect3001BeforeTheStreamEnds(String transport) {
    hub(new JsonObject());
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "alice")) {
      c.emulate(subscribe(2, "news"));
      c.reply(2);
      Await.result(hub.node().drain(Duration.ofMillis(200)));
      JsonObject disconnect = c.push("disconnect").getJsonObject("disconnect");
      assertEquals(3001, disconnect.getInteger("code"));
      c.awaitEnd();
      // The push and the end go out inside the close routine, before it counts the close: wait for the count.
      Await.equal("shutdown counted for " + transport, 1.0, () -> hub.closed("shutdown", transport));
    }
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void aStalledReaderIsCutWith3008(String transport) {
    hub(new JsonObject().put("client", new JsonObject().put("maxQueuedBytes", 64 * 1024)));
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "stuck")) {
      c.emulate(subscribe(2, "big"));
      c.reply(2);
      c.stopReading();
      JsonObject body = new JsonObject().put("channel", "big").put("data", "x".repeat(16 * 1024));
      for (int i = 0; i < 2000 && hub.closed("slow", transport) == 0; i++) {
        hub.apiResult("publish", body);
      }
      assertEquals(1.0, hub.closed("slow", transport), "cut as a slow consumer");
    }
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void anApiDisconnectArrivesAsAPush(String transport) {
    hub(new JsonObject());
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "bob")) {
      hub.apiResult("disconnect", new JsonObject().put("user", "bob"));
      assertEquals(3503, c.push("disconnect").getJsonObject("disconnect").getInteger("code"));
      c.awaitEnd();
    }
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void pingsAreAnsweredThroughEmulationAndAMissingPongCloses(String transport) {
    hub(new JsonObject().put("client", new JsonObject().put("pingIntervalMs", 600).put("pongTimeoutMs", 400)));
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "alice")) {
      for (int i = 0; i < 2; i++) {
        c.next(JsonObject::isEmpty);
        assertEquals(204, c.emulate("{}"));
      }
      assertEquals(0.0, hub.closed("no_pong"), "the pongs kept the session");
      c.next(JsonObject::isEmpty); // not answered this time
      assertEquals(3012, c.push("disconnect").getJsonObject("disconnect").getInteger("code"));
      c.awaitEnd();
      Await.equal("no_pong counted for " + transport, 1.0, () -> hub.closed("no_pong", transport));
    }
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void aBadTokenEndsTheStreamWith3500(String transport) {
    hub(new JsonObject());
    try (StreamClient c = StreamClient.open(vertx, hub.port(), transport,
        StreamClient.connectCommand(Tokens.forged("mallory")), Map.of())) {
      assertEquals(200, c.status());
      assertEquals(3500, c.push("disconnect").getJsonObject("disconnect").getInteger("code"));
      c.awaitEnd();
    }
    hub.assertIdle();
  }

  @Test
  void badRequestsGetAClearStatusAndOpenNothing() {
    hub(new JsonObject());
    JsonObject connect = StreamClient.connectCommand(Tokens.forUser("alice"));
    try (StreamClient foreign = StreamClient.open(vertx, hub.port(), StreamClient.HTTP_STREAM, connect,
        Map.of("Origin", "https://evil.example.com"))) {
      assertEquals(403, foreign.status());
    }
    try (StreamClient expired = StreamClient.open(vertx, hub.port(), StreamClient.SSE, connect,
        Map.of("Authorization", "Bearer " + Tokens.expired("alice")))) {
      assertEquals(401, expired.status(), "a credential on the request is checked before any session exists");
    }
    assertEquals(400, hub.post("/connection/http_stream", "", Map.of()).statusCode(), "no connect command");
    assertEquals(400, hub.get("/connection/sse").statusCode(), "no cf_connect");
    assertEquals(400, hub.post("/connection/http_stream?format=protobuf", connect.encode(), Map.of()).statusCode(),
        "JSON only");
    assertEquals(413, hub.post("/connection/http_stream", "x".repeat(70_000), Map.of()).statusCode());
    var preflight = hub.request("OPTIONS", "/emulation", Map.of("Origin", "https://app.example.com",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
    assertEquals(204, preflight.statusCode());
    assertEquals("https://app.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertEquals("300", preflight.headers().firstValue("Access-Control-Max-Age").orElse(""));

    int port = hub.port();
    String node = hub.node().nodeId();
    assertEquals(400, StreamClient.postEmulation(vertx, port, "not json"));
    assertEquals(400, StreamClient.postEmulation(vertx, port, "[1]"));
    assertEquals(400, StreamClient.postEmulation(vertx, port, new JsonObject().put("session", "s").put("node", node)
        .put("data", new JsonObject()).encode()), "data must be a string");
    assertEquals(413, StreamClient.postEmulation(vertx, port, new JsonObject().put("session", "s").put("node", node)
        .put("data", "x".repeat(hub.node().config().client().maxMessageBytes() + 1)).encode()));
    assertEquals(404, StreamClient.postEmulation(vertx, port, new JsonObject().put("session", "s")
        .put("node", "no-such-node").put("data", "{}").encode()), "unknown node");
    assertEquals(204, StreamClient.postEmulation(vertx, port, new JsonObject().put("session", "no-such-session")
        .put("node", node).put("data", "{}").encode()), "unknown session: dropped, as in Centrifugo");
    assertEquals(0.0, hub.opened());
    hub.assertIdle();
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void malformedCommandsCloseWith3501(String transport) {
    hub(new JsonObject());
    try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "alice")) {
      assertEquals(204, c.emulate("{not json"));
      assertEquals(3501, c.push("disconnect").getJsonObject("disconnect").getInteger("code"));
      c.awaitEnd();
      Await.equal("bad_request counted for " + transport, 1.0, () -> hub.closed("bad_request", transport));
    }
    hub.assertIdle();
  }
  @Test
  void liveSessionsAreCountedPerTransportAndAgreeWithTheShards() {
    hub(new JsonObject());
    Map<String, Double> none = Map.of(StreamClient.HTTP_STREAM, 0.0, StreamClient.SSE, 0.0, "websocket", 0.0);
    try (WsClient ws1 = WsClient.connected(hub.port(), "alice");
         WsClient ws2 = WsClient.connectedProtobuf(hub.port(), "bob");
         StreamClient stream = StreamClient.connected(vertx, hub.port(), StreamClient.HTTP_STREAM, "carol");
         StreamClient sse = StreamClient.connected(vertx, hub.port(), StreamClient.SSE, "dave")) {
      Map<String, Double> open = Map.of("websocket", 2.0, StreamClient.HTTP_STREAM, 1.0, StreamClient.SSE, 1.0);
      Await.equal("live sessions by transport", open, () -> liveByTransport(hub.scrape()));
      Await.equal("opened - closed by transport", open, () -> openedMinusClosed(hub.scrape()));
      assertEquals(4L, hub.live().sessions(), "the gauges add up to the shards' own count");

      stream.drop();
      Await.until("connection_lost counted", () -> hub.closed("connection_lost", StreamClient.HTTP_STREAM) == 1.0);
      Map<String, Double> after = Map.of("websocket", 2.0, StreamClient.HTTP_STREAM, 0.0, StreamClient.SSE, 1.0);
      Await.equal("only the http_stream series went down", after, () -> liveByTransport(hub.scrape()));
      Await.equal("opened - closed follows it", after, () -> openedMinusClosed(hub.scrape()));
      assertEquals(3L, hub.live().sessions());
      ws1.closeCleanly();
      ws2.closeCleanly();
    }
    Await.equal("every series back to 0", none, () -> liveByTransport(hub.scrape()));
    hub.assertIdle();
  }

  private static Map<String, Double> liveByTransport(PrometheusText m) {
    Map<String, Double> out = new TreeMap<>();
    for (String t : HubMetrics.TRANSPORTS) {
      out.put(t, m.value(TestHub.liveSeries(t)));
    }
    return out;
  }

  private static Map<String, Double> openedMinusClosed(PrometheusText m) {
    Map<String, Double> out = new TreeMap<>();
    for (String t : HubMetrics.TRANSPORTS) {
      out.put(t, TestHub.openedMinusClosed(m, t));
    }
    return out;
  }
}
