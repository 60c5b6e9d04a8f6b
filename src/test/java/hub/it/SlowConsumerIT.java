package hub.it;

import hub.config.ClientConfig;
import hub.config.HttpConfig;
import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound queue limit against the largest publication the API accepts, both at their defaults (1 MiB): a
 * client that keeps reading receives it and stays connected, while a client that stopped reading is still cut with
 * 3008 once frames pile up behind it.
 */
class SlowConsumerIT {

  /** {@code {"channel":"...","data":""}} around the padding. */
  private static final int BODY_OVERHEAD = "{\"channel\":\"\",\"data\":\"\"}".length();

  TestHub hub;

  @BeforeEach
  void start() {
    hub = TestHub.start();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  /** A publish body of exactly {@code http.maxBodyBytes}, the largest the API takes. */
  private static String largestPublishBody(String channel) {
    int pad = HttpConfig.DEFAULT_MAX_BODY_BYTES - BODY_OVERHEAD - channel.length();
    String body = new JsonObject().put("channel", channel).put("data", "x".repeat(pad)).encode();
    assertEquals(HttpConfig.DEFAULT_MAX_BODY_BYTES, body.length());
    return body;
  }

  private void publishLargest(String channel) {
    var r = hub.post("/api/publish", largestPublishBody(channel), TestHub.API_KEY);
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("\"error\""), r.body());
  }

  @Test
  void aReadingClientReceivesTheLargestPublicationAndStaysConnected() {
    WsClient reader = WsClient.connected(hub.port(), "alice");
    reader.subscribe("big");
    publishLargest("big");
    JsonObject push = reader.push();
    assertEquals("big", push.getJsonObject("push").getString("channel"));
    List<String> frames = reader.framesReceived();
    int pushBytes = frames.get(frames.size() - 1).getBytes(StandardCharsets.UTF_8).length;
    assertTrue(pushBytes > ClientConfig.DEFAULT_MAX_QUEUED_BYTES,
        "the push (" + pushBytes + " bytes) is larger than the whole queue limit");
    assertTrue(reader.call("ping", new JsonObject()).containsKey("ping"), "still served afterwards");
    assertFalse(reader.isClosed());
    assertEquals(0.0, hub.closed("slow"));
    reader.fin();
    hub.assertIdle();
  }

  @Test
  void aStalledClientIsStillCutWith3008() {
    WsClient stalled = WsClient.open(hub.port(), "/connection/websocket", Map.of(), false, 4096);
    stalled.sendText(new JsonObject().put("connect", new JsonObject().put("token", Tokens.forUser("stuck")))
        .put("id", 1).encode() + "\n"
        + new JsonObject().put("subscribe", new JsonObject().put("channel", "big")).put("id", 2).encode());
    Await.equal("the stalled client is subscribed", 1L, () -> hub.live().subscriptions());
    // Kernel buffers on loopback take a few MiB before frames start to wait in the hub's own queue.
    for (int i = 0; i < 50 && hub.closed("slow") < 1; i++) {
      publishLargest("big");
    }
    Await.until("the stalled client is cut as slow", () -> hub.closed("slow") == 1.0);
    // Reading again, within the closing grace, lets the queued frames and then the close frame through.
    stalled.startReading();
    WsClient.Closed closed = stalled.awaitClosed();
    assertEquals(new WsClient.Closed(3008, "slow"), closed);
    hub.assertIdle();
  }
}
