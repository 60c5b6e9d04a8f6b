package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a session can end, each followed by the same check: the hub holds nothing for it any more (sessions,
 * pre-connect sockets, subscriptions, channels, timers all back to idle, and opened == closed).
 */
class LifecycleIT {

  TestHub hub;

  @BeforeEach
  void start() {
    hub = TestHub.start(new JsonObject().put("client", new JsonObject()
        .put("pingIntervalMs", 400)
        .put("pongTimeoutMs", 300)
        .put("connectTimeoutMs", 500)
        .put("maxQueuedBytes", 64 * 1024)
        .put("maxMessageBytes", 4096)));
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  private WsClient subscribedClient(String user) {
    WsClient c = WsClient.connected(hub.port(), user);
    assertTrue(c.subscribe("news").containsKey("subscribe"));
    assertTrue(c.subscribe("chat:" + user).containsKey("subscribe"));
    return c;
  }

  @Test
  void releasesEverythingOnCleanCloseFrame() {
    WsClient c = subscribedClient("alice");
    assertEquals(2L, hub.live().subscriptions());
    c.closeCleanly();
    c.awaitClosed();
    hub.assertIdle();
    assertEquals(1.0, hub.closed("client_closed"));
  }

  @Test
  void releasesEverythingWhenClientVanishesWithFin() {
    WsClient c = subscribedClient("alice");
    c.fin();
    hub.assertIdle();
    assertEquals(1.0, hub.closed("connection_lost"));
  }

  @Test
  void releasesEverythingWhenConnectionIsReset() {
    WsClient c = subscribedClient("alice");
    c.reset();
    hub.assertIdle();
    assertEquals(1.0, hub.closed("connection_lost") + hub.closed("transport_error"));
  }

  @Test
  void closesWith3012WhenPongIsMissing() {
    WsClient c = subscribedClient("alice");
    c.autoPong(false);
    WsClient.Closed closed = c.awaitClosed(Duration.ofSeconds(5));
    assertEquals(3012, closed.code());
    assertEquals("no pong", closed.reason());
    assertTrue(c.pingsReceived() >= 1);
    hub.assertIdle();
  }

  @Test
  void keepsAnsweringClientAliveAcrossManyPings() {
    WsClient c = subscribedClient("alice");
    Await.until("three pings answered", () -> c.pingsReceived() >= 3);
    assertTrue(!c.isClosed());
    assertEquals(1L, hub.live().sessions());
    c.fin();
    hub.assertIdle();
  }

  @Test
  void closesWith3502WhenConnectNeverComes() {
    WsClient c = WsClient.open(hub.port());
    Await.equal("one pre-connect session", 1L, () -> hub.live().preconnect());
    WsClient.Closed closed = c.awaitClosed(Duration.ofSeconds(5));
    assertEquals(3502, closed.code());
    hub.assertIdle();
  }

  @Test
  void closesWith3500OnForgedToken() {
    WsClient c = WsClient.open(hub.port());
    c.send("connect", new JsonObject().put("token", Tokens.forged("mallory")));
    assertEquals(3500, c.awaitClosed().code());
    hub.assertIdle();
  }

  @Test
  void answers109ForExpiredTokenAndAcceptsAFreshOne() {
    WsClient c = WsClient.open(hub.port());
    JsonObject reply = c.connect(Tokens.expired("alice"));
    assertEquals(109, reply.getJsonObject("error").getInteger("code"));
    assertTrue(c.connect(Tokens.forUser("alice")).containsKey("connect"));
    c.fin();
    hub.assertIdle();
  }

  @Test
  void closesWith3005WhenTokenExpiresWithoutRefresh() {
    TestHub shortGrace = TestHub.start(new JsonObject().put("client", new JsonObject().put("expiredCloseDelayMs", 0)));
    try {
      WsClient c = WsClient.open(shortGrace.port());
      JsonObject result = c.connect(Tokens.expiringIn("alice", 1)).getJsonObject("connect");
      assertEquals(true, result.getBoolean("expires"));
      assertTrue(result.getLong("ttl") <= 1);
      assertEquals(3005, c.awaitClosed(Duration.ofSeconds(5)).code());
      shortGrace.assertIdle();
    } finally {
      shortGrace.close();
    }
  }

  @Test
  void refreshMovesTheExpiry() {
    TestHub shortGrace = TestHub.start(new JsonObject().put("client", new JsonObject().put("expiredCloseDelayMs", 0)));
    try {
      WsClient c = WsClient.open(shortGrace.port());
      c.connect(Tokens.expiringIn("alice", 1));
      JsonObject refreshed = c.call("refresh", new JsonObject().put("token", Tokens.expiringIn("alice", 60)));
      assertEquals(true, refreshed.getJsonObject("refresh").getBoolean("expires"));
      Await.sleep(2000);
      assertTrue(!c.isClosed(), "a refreshed connection must outlive its first token");
      JsonObject otherUser = new JsonObject().put("token", Tokens.forUser("mallory"));
      c.send("refresh", otherUser);
      assertEquals(3500, c.awaitClosed().code());
      shortGrace.assertIdle();
    } finally {
      shortGrace.close();
    }
  }

  @Test
  void closesSlowConsumerWith3008AndReleasesIt() {
    // Long heartbeat here, so that the stalled client is cut for its queue and not for a missing pong.
    try (TestHub slowHub = TestHub.start(new JsonObject().put("client", new JsonObject()
        .put("pingIntervalMs", 60_000).put("pongTimeoutMs", 30_000).put("maxQueuedBytes", 64 * 1024)))) {
      WsClient neverReads = WsClient.open(slowHub.port(), "/connection/websocket", Map.of(), false, 4096);
      neverReads.sendText(new JsonObject().put("connect", new JsonObject().put("token", Tokens.forUser("stuck")))
          .put("id", 1).encode() + "\n"
          + new JsonObject().put("subscribe", new JsonObject().put("channel", "news")).put("id", 2).encode());
      WsClient healthy = WsClient.connected(slowHub.port(), "fast");
      healthy.subscribe("news");
      Await.equal("two subscribers on news", 2L, () -> slowHub.live().subscriptions());
      JsonObject data = new JsonObject().put("pad", "x".repeat(32 * 1024));
      // Kernel socket buffers on loopback absorb a few MiB before the hub's own queue starts to grow.
      for (int i = 0; i < 2000 && slowHub.closed("slow") < 1; i++) {
        slowHub.apiResult("publish", new JsonObject().put("channel", "news").put("data", data));
      }
      Await.until("the stalled reader is cut as slow", () -> slowHub.closed("slow") >= 1);
      assertTrue(!healthy.isClosed(), "a reading subscriber is not affected");
      assertTrue(healthy.push().containsKey("push"));
      Await.equal("one subscriber left", 1L, () -> slowHub.live().subscriptions());
      healthy.fin();
      neverReads.reset();
      // Idle means no socket either: wait until Vert.x counts no WebSocket before checking the rest.
      Await.equal("WebSockets still open on the hub", 0.0,
          () -> slowHub.scrape().value("vertx_http_server_active_ws_connections"));
      slowHub.assertIdle();
      assertEquals(1.0, slowHub.closed("slow"));
    }
  }

  /**
   * The stalled reader's close frame waits behind a queue it never reads, so the hub itself must cut the TCP
   * connection after the closing grace; nothing else will (Vert.x's closing timeout starts only once the frame is out).
   */
  @Test
  void cutsAStalledConsumersConnectionAfterTheClosingGrace() {
    try (TestHub slowHub = TestHub.start(new JsonObject().put("client", new JsonObject()
        .put("pingIntervalMs", 60_000).put("pongTimeoutMs", 30_000).put("maxQueuedBytes", 64 * 1024)))) {
      WsClient neverReads = WsClient.open(slowHub.port(), "/connection/websocket", Map.of(), false, 4096);
      neverReads.sendText(new JsonObject().put("connect", new JsonObject().put("token", Tokens.forUser("stuck")))
          .put("id", 1).encode() + "\n"
          + new JsonObject().put("subscribe", new JsonObject().put("channel", "news")).put("id", 2).encode());
      Await.equal("subscribed", 1L, () -> slowHub.live().subscriptions());
      JsonObject data = new JsonObject().put("pad", "x".repeat(32 * 1024));
      for (int i = 0; i < 2000 && slowHub.closed("slow") < 1; i++) {
        slowHub.apiResult("publish", new JsonObject().put("channel", "news").put("data", data));
      }
      Await.until("cut as slow", () -> slowHub.closed("slow") >= 1);
      Await.equal("WebSockets still open on the hub", 0.0,
          () -> slowHub.scrape().value("vertx_http_server_active_ws_connections"));
      slowHub.assertIdle();
      neverReads.startReading();
      neverReads.awaitClosed(); // from the client's side too, the connection has ended
    }
  }

  @Test
  void closesWith1009OnOversizedMessage() {
    WsClient c = WsClient.connected(hub.port(), "alice");
    c.sendText("{\"publish\":{\"channel\":\"chat:x\",\"data\":\"" + "y".repeat(5000) + "\"},\"id\":9}");
    assertEquals(1009, c.awaitClosed().code());
    hub.assertIdle();
  }

  @Test
  void closesWith1009OnOversizedFragmentedMessage() {
    WsClient c = WsClient.connected(hub.port(), "alice");
    byte[] part = "z".repeat(3000).getBytes();
    c.sendFrame(0x1, part, false);
    c.sendFrame(0x0, part, true);
    assertEquals(1009, c.awaitClosed().code());
    hub.assertIdle();
  }

  @Test
  void closesOnBrokenFramingAndCountsItAsBadFrame() {
    WsClient c = WsClient.connected(hub.port(), "alice");
    // A text frame without the mask bit: clients must mask every frame (RFC 6455, 5.1).
    c.sendRaw(new byte[] {(byte) 0x81, 0x02, '{', '}'});
    assertEquals(1002, c.awaitClosed().code());
    hub.assertIdle();
    assertEquals(1.0, hub.closed("bad_frame"));
  }

  @Test
  void closesWith3503OnApiDisconnectAndHonoursCustomCodes() {
    WsClient a = subscribedClient("alice");
    WsClient b = subscribedClient("bob");
    hub.apiResult("disconnect", new JsonObject().put("user", "alice"));
    WsClient.Closed closed = a.awaitClosed();
    assertEquals(3503, closed.code());
    assertEquals("force disconnect", closed.reason());
    hub.apiResult("disconnect", new JsonObject().put("user", "bob")
        .put("disconnect", new JsonObject().put("code", 4001).put("reason", "maintenance")));
    assertEquals(new WsClient.Closed(4001, "maintenance"), b.awaitClosed());
    hub.assertIdle();
  }

  @Test
  void drainClosesEverySessionWith3001AndRefusesUpgrades() {
    WsClient a = subscribedClient("alice");
    WsClient b = WsClient.open(hub.port());
    Await.result(hub.node().drain(Duration.ofMillis(300)));
    assertEquals(3001, a.awaitClosed().code());
    assertEquals(3001, b.awaitClosed().code());
    WsClient.Rejected r = org.junit.jupiter.api.Assertions.assertThrows(WsClient.Rejected.class,
        () -> WsClient.open(hub.port()));
    assertEquals(503, r.status);
    assertEquals(503, hub.get("/ready").statusCode());
    assertEquals(200, hub.get("/health").statusCode());
    hub.assertIdle();
  }
}
