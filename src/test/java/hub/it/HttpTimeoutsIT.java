package hub.it;

import hub.support.Await;
import hub.support.RawHttp;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP connections that never finish what they started are cut (issue 10 item 18): a request head that trickles in,
 * a chunked API body that stops half-way, a kept-alive connection that never sends its next request. Each cut is
 * counted in {@code hub.http.cut{reason}}; an upgraded socket is the heartbeat's business and is left alone.
 */
class HttpTimeoutsIT {

  private static final long TIMEOUT_MS = 600;
  /** Far more than a timeout plus a sweep, so a loaded machine does not fail the test; never a timing assertion. */
  private static final Duration ENDS_WITHIN = Duration.ofSeconds(15);

  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("http", new JsonObject()
        .put("headerTimeoutMs", TIMEOUT_MS).put("bodyTimeoutMs", TIMEOUT_MS).put("idleTimeoutMs", TIMEOUT_MS)));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void nothingHeld() {
    hub.assertIdle();
  }

  /**
   * Read from the registry, not by a scrape: the test's own HTTP client keeps its connections alive, and the hub
   * cuts those for idleness too (an {@code idle} count this test does not control).
   */
  private static double cut(String reason) {
    return hub.node().registry().get("hub.http.cut").tag("reason", reason).counter().count();
  }

  @Test
  void aRequestHeadThatTricklesInIsCut() {
    double before = cut("header");
    try (RawHttp c = RawHttp.open(hub.port())) {
      c.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      // One header line every 100 ms: every byte resets an idle timer, so only a deadline on the head ends this.
      long stopAt = System.nanoTime() + ENDS_WITHIN.toNanos();
      int i = 0;
      while (System.nanoTime() < stopAt && c.write("X-Slow-" + i++ + ": 1\r\n")) {
        if (c.awaitEnd(Duration.ofMillis(100))) {
          break;
        }
      }
      assertTrue(c.awaitEnd(Duration.ofMillis(1)), "the slow head is still open after " + ENDS_WITHIN);
    }
    Await.equal("hub_http_cut_total{reason=header}", before + 1, () -> cut("header"));
  }

  @Test
  void anUpgradeHeadThatStopsHalfWayIsCut() {
    double before = cut("header");
    try (RawHttp c = RawHttp.open(hub.port())) {
      c.write("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
      assertTrue(c.awaitEnd(ENDS_WITHIN), "half an upgrade head is still open after " + ENDS_WITHIN);
    }
    Await.equal("hub_http_cut_total{reason=header}", before + 1, () -> cut("header"));
  }

  @Test
  void aChunkedApiBodyThatStopsHalfWayGets408AndIsCut() {
    double before = cut("body");
    try (RawHttp c = RawHttp.open(hub.port())) {
      c.write("POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + TestHub.API_KEY + "\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "10\r\n{\"channel\":\"news\r\n");
      assertTrue(c.awaitEnd(ENDS_WITHIN), "the stalled body is still open after " + ENDS_WITHIN);
      assertEquals(408, c.status(), c.received());
    }
    Await.equal("hub_http_cut_total{reason=body}", before + 1, () -> cut("body"));
  }

  @Test
  void aBodyShorterThanItsContentLengthIsCut() {
    double before = cut("body");
    try (RawHttp c = RawHttp.open(hub.port())) {
      c.write("POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + TestHub.API_KEY + "\r\n"
          + "Content-Length: 100\r\n\r\n{\"channel\":");
      assertTrue(c.awaitEnd(ENDS_WITHIN), "the short body is still open after " + ENDS_WITHIN);
      assertEquals(408, c.status(), c.received());
    }
    Await.equal("hub_http_cut_total{reason=body}", before + 1, () -> cut("body"));
  }

  @Test
  void aKeptAliveConnectionThatSendsNothingMoreIsCut() {
    double before = cut("idle");
    try (RawHttp c = RawHttp.open(hub.port())) {
      c.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(c.readUntil("\r\n\r\n", ENDS_WITHIN).startsWith("HTTP/1.1 200"), c.received());
      // A second request on the same connection is served, and restarts the wait.
      c.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertTrue(c.awaitEnd(ENDS_WITHIN), "the idle kept-alive connection is still open after " + ENDS_WITHIN);
      assertEquals(2, c.received().split("HTTP/1.1 200", -1).length - 1, c.received());
    }
    Await.until("hub.http.cut{reason=idle} counts the cut", () -> cut("idle") >= before + 1);
  }

  @Test
  void anUpgradedSocketOutlivesEveryHttpTimeout() {
    WsClient c = WsClient.connected(hub.port(), "alice");
    try {
      Await.sleep(TIMEOUT_MS * 4);
      assertFalse(c.isClosed(), "the session was cut");
      JsonObject reply = c.subscribe("news");
      assertTrue(reply.containsKey("subscribe"), reply.encode());
    } finally {
      c.reset();
    }
  }
}
