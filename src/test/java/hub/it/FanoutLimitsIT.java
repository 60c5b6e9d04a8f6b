package hub.it;

import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out input is bounded on a real node (issue 10, items 10 and 8): a broadcast naming too many channels, a batch of
 * too many commands and a presence reply listing too many members are refused with 106; publications past the node's
 * budget get 111 (client) or error 111 (API) and are counted; the event loops' queued work is a gauge.
 */
class FanoutLimitsIT {

  static JsonObject limits(int perSecond) {
    return new JsonObject().put("limits", new JsonObject().put("publicationsPerSecond", perSecond)
        .put("maxBroadcastChannels", 3).put("maxBatchCommands", 2).put("maxPresenceMembers", 1))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true))));
  }

  @Test
  void anApiPresenceReplyIsBoundedAndStatsStillCount() {
    try (TestHub hub = TestHub.start(limits(1_000));
         WsClient alice = WsClient.connected(hub.port(), "alice");
         WsClient bob = WsClient.connected(hub.port(), "bob")) {
      alice.subscribe("room:1");
      bob.subscribe("room:1");
      JsonObject channel = new JsonObject().put("channel", "room:1");
      JsonObject presence = hub.apiResult("presence", channel);
      assertEquals(106, errorCode(presence), presence::encode);
      assertEquals(new JsonObject().put("num_clients", 2).put("num_users", 2),
          hub.apiResult("presence_stats", channel).getJsonObject("result"));
    }
  }

  private static int errorCode(JsonObject reply) {
    JsonObject error = reply.getJsonObject("error");
    return error == null ? 0 : error.getInteger("code");
  }

  @Test
  void broadcastAndBatchAreCappedAndRefusedWhole() {
    try (TestHub hub = TestHub.start(limits(1_000))) {
      JsonObject data = new JsonObject().put("n", 1);
      JsonObject three = hub.apiResult("broadcast", new JsonObject().put("data", data)
          .put("channels", new JsonArray().add("a").add("b").add("c")));
      assertEquals(3, three.getJsonObject("result").getJsonArray("responses").size(), three::encode);
      JsonObject four = hub.apiResult("broadcast", new JsonObject().put("data", data)
          .put("channels", new JsonArray().add("a").add("b").add("c").add("d")));
      assertEquals(106, errorCode(four), four::encode);
      JsonObject publish = new JsonObject().put("publish", new JsonObject().put("channel", "a").put("data", data));
      JsonObject two = hub.apiResult("batch", new JsonObject().put("commands", new JsonArray().add(publish).add(publish)));
      assertEquals(2, two.getJsonArray("replies").size(), two::encode);
      JsonObject threeCommands = hub.apiResult("batch",
          new JsonObject().put("commands", new JsonArray().add(publish).add(publish).add(publish)));
      assertEquals(106, errorCode(threeCommands), threeCommands::encode);
      assertEquals(0.0, hub.scrape().sum("hub_publications_refused_total"), "none of these was over the budget");
      assertTrue(hub.scrape().value("hub_eventloop_pending") >= 0, "the gauge is exported");
    }
  }

  @Test
  void publicationsPastTheNodeBudgetAreRefusedWithATemporaryErrorAndCounted() {
    try (TestHub hub = TestHub.start(limits(5))) {
      try (WsClient c = WsClient.connected(hub.port(), "alice")) {
        // Twenty publishes in one frame run in one task, within one second or at worst across one boundary.
        StringBuilder frame = new StringBuilder();
        for (int i = 0; i < 20; i++) {
          frame.append(i == 0 ? "" : "\n").append(new JsonObject().put("id", 100 + i).put("publish",
              new JsonObject().put("channel", "chat:a").put("data", new JsonObject().put("n", i))).encode());
        }
        c.sendText(frame.toString());
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 20; i++) {
          JsonObject reply = c.reply(100 + i);
          if (reply.containsKey("publish")) {
            accepted++;
          } else {
            assertEquals(111, errorCode(reply), reply::encode);
            assertEquals(true, reply.getJsonObject("error").getBoolean("temporary"), "the SDK may retry");
            refused++;
          }
        }
        assertTrue(accepted >= 5 && accepted <= 10, accepted + " accepted of 20 at 5 a second");
        JsonObject api = hub.apiResult("publish", new JsonObject().put("channel", "chat:a").put("data", 1));
        Map<String, Double> counted = hub.scrape().byLabel("hub_publications_refused_total", "reason");
        if (errorCode(api) == 111) {
          refused++; // the budget may have been spent by the frame's second; else it was a fresh second
        }
        assertEquals((double) refused, counted.get("rate"), counted::toString);
        assertEquals(0.0, counted.get("pending"), counted::toString);
        assertEquals(1, c.isClosed() ? 0 : 1, "a refusal leaves the session open");
      }
      hub.assertIdle();
    }
  }
}
