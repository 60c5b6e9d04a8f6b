package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coalesced pushes through the whole hub ({@code client.coalesceWrites}, on by default): publications that reach a
 * shard together leave in fewer frames, yet every subscriber of either format gets every one of them, in publication
 * order and nothing else; a client that stopped reading is still cut with 3008 by small publications, which are the
 * ones that wait to be coalesced; and the gauges return to idle. Which publications share a frame depends on timing,
 * so the tests assert what the client can rely on, never a frame count.
 */
class CoalescedPushesIT {

  private static final int PUBLICATIONS = 300;

  TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /** One API call with {@code count} publications into {@code channel}, run one after the other. */
  private void publishBatch(String channel, int from, int count, String pad) {
    JsonArray commands = new JsonArray();
    for (int i = from; i < from + count; i++) {
      commands.add(new JsonObject().put("publish", new JsonObject().put("channel", channel)
          .put("data", new JsonObject().put("n", i).put("pad", pad))));
    }
    JsonObject result = hub.apiResult("batch", new JsonObject().put("commands", commands).put("parallel", true));
    assertFalse(result.encode().contains("\"error\""), result.encode());
  }

  private static void assertInOrder(WsClient client, String channel) {
    for (int i = 0; i < PUBLICATIONS; i++) {
      JsonObject push = client.push().getJsonObject("push");
      assertEquals(channel, push.getString("channel"));
      assertEquals(i, push.getJsonObject("pub").getJsonObject("data").getInteger("n"), "publication order kept");
    }
    assertTrue(client.garbageReceived().isEmpty(), client.garbageReceived().toString());
  }

  @Test
  void everySubscriberOfEitherFormatGetsEveryPublicationInOrder() {
    hub = TestHub.start();
    WsClient json = WsClient.connected(hub.port(), "alice");
    WsClient protobuf = WsClient.connectedProtobuf(hub.port(), "bob");
    json.subscribe("room");
    protobuf.subscribe("room");
    publishBatch("room", 0, PUBLICATIONS, "");
    assertInOrder(json, "room");
    assertInOrder(protobuf, "room");
    assertTrue(json.call("ping", new JsonObject()).containsKey("ping"), "replies still reach the client");
    json.fin();
    protobuf.fin();
    hub.assertIdle();
  }

  @Test
  void theSameHoldsWithCoalescingOff() {
    hub = TestHub.start(new JsonObject().put("client", new JsonObject().put("coalesceWrites", false)));
    WsClient json = WsClient.connected(hub.port(), "alice");
    json.subscribe("room");
    publishBatch("room", 0, PUBLICATIONS, "");
    assertInOrder(json, "room");
    // connect reply, subscribe reply, then one frame per publication: nothing was joined
    assertEquals(PUBLICATIONS + 2, json.framesReceived().size());
    json.fin();
    hub.assertIdle();
  }

  @Test
  void aStalledClientIsCutWith3008BySmallCoalescedPublications() {
    hub = TestHub.start();
    WsClient stalled = WsClient.open(hub.port(), "/connection/websocket", Map.of(), false, 4096);
    stalled.sendText(new JsonObject().put("connect", new JsonObject().put("token", Tokens.forUser("stuck")))
        .put("id", 1).encode() + "\n"
        + new JsonObject().put("subscribe", new JsonObject().put("channel", "room")).put("id", 2).encode());
    Await.equal("the stalled client is subscribed", 1L, () -> hub.live().subscriptions());
    // 8 KiB each, well under the 64 KiB a coalesced frame may hold; kernel buffers take a few MiB first.
    String pad = "x".repeat(8 * 1024);
    for (int i = 0; i < 100 && hub.closed("slow") < 1; i++) {
      publishBatch("room", i * 50, 50, pad);
    }
    Await.until("the stalled client is cut as slow", () -> hub.closed("slow") == 1.0);
    stalled.startReading();
    assertEquals(new WsClient.Closed(3008, "slow"), stalled.awaitClosed());
    hub.assertIdle();
  }
}
