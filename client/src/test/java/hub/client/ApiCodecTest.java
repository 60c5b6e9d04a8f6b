package hub.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API bodies as the hub's {@code hub.api.*} methods read and write them. */
class ApiCodecTest {

  @Test
  void publishCarriesTagsAndKeyOnlyWhenSet() {
    assertEquals(new JsonObject().put("channel", "news").put("data", new JsonObject().put("a", 1)),
        ApiCodec.publish(PublishRequest.of("news", new JsonObject().put("a", 1))));
    JsonObject full = ApiCodec.publish(PublishRequest.of("news", "x").withTags(Map.of("k", "v")).withIdempotencyKey("id-1"));
    assertEquals(new JsonObject().put("k", "v"), full.getJsonObject("tags"));
    assertEquals("id-1", full.getString("idempotency_key"));
  }

  @Test
  void publishOfNullDataStillSendsTheField() {
    JsonObject body = ApiCodec.publish(PublishRequest.of("news", null));
    assertTrue(body.containsKey("data"), "the hub refuses a publish without data (107)");
  }

  @Test
  void disconnectLeavesOutTheHubsDefaults() {
    assertEquals(new JsonObject().put("user", "u1"), ApiCodec.disconnect(DisconnectRequest.user("u1")));
    JsonObject body = ApiCodec.disconnect(DisconnectRequest.user("u1").onlyClient("c1").keeping(List.of("c2"))
        .withClose(4001, "bye"));
    assertEquals("c1", body.getString("client"));
    assertEquals(new JsonArray().add("c2"), body.getJsonArray("whitelist"));
    assertEquals(new JsonObject().put("code", 4001).put("reason", "bye"), body.getJsonObject("disconnect"));
  }

  @Test
  void disconnectRefusesACodeTheHubWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> DisconnectRequest.user("u").withClose(1000, "normal"));
  }

  @Test
  void historyAsksForAPositionOnlyWhenGiven() {
    assertEquals(new JsonObject().put("channel", "h:1").put("limit", -1),
        ApiCodec.history(HistoryRequest.of("h:1", HistoryRequest.ALL)));
    JsonObject body = ApiCodec.history(HistoryRequest.of("h:1", 10).since(new StreamPosition(5, "ep")).reversed());
    assertEquals(new JsonObject().put("offset", 5L).put("epoch", "ep"), body.getJsonObject("since"));
    assertTrue(body.getBoolean("reverse"));
  }

  @Test
  void anErrorResponseBecomesAHubExceptionWithTheHubsCodeAndMessage() {
    HubException e = assertThrows(HubException.class, () -> ApiCodec.result(
        new JsonObject().put("error", new JsonObject().put("code", 102).put("message", "unknown channel"))));
    assertEquals(102, e.code());
    assertEquals("unknown channel", e.getMessage());
  }

  @Test
  void aReplyOfAnotherShapeIsAnInternalErrorNotAHalfFilledResult() {
    assertEquals(HubException.INTERNAL, assertThrows(HubException.class, () -> ApiCodec.result("text")).code());
    assertEquals(HubException.INTERNAL,
        assertThrows(HubException.class, () -> ApiCodec.result(new JsonObject().put("other", 1))).code());
    assertEquals(HubException.INTERNAL, assertThrows(HubException.class,
        () -> ApiCodec.presenceStats(new JsonObject().put("num_clients", 1))).code());
  }

  @Test
  void publishResultHasAPositionOnlyOnAHistoryChannel() {
    assertFalse(ApiCodec.publishResult(new JsonObject()).positioned());
    PublishResult r = ApiCodec.publishResult(new JsonObject().put("offset", 7).put("epoch", "ep"));
    assertEquals(new StreamPosition(7, "ep"), r.position());
  }

  @Test
  void broadcastGivesOneOutcomePerChannelInOrder() {
    JsonObject result = new JsonObject().put("responses", new JsonArray()
        .add(new JsonObject().put("result", new JsonObject()))
        .add(new JsonObject().put("error", new JsonObject().put("code", 102).put("message", "unknown channel"))));
    List<PublishOutcome> out = ApiCodec.broadcastOutcomes(List.of("a", "nope:b"), result);
    assertTrue(out.get(0).published());
    assertEquals("nope:b", out.get(1).channel());
    assertEquals(102, out.get(1).error().code());
    assertThrows(HubException.class, () -> ApiCodec.broadcastOutcomes(List.of("a"), result), "count mismatch");
  }

  @Test
  void batchRepliesAreKeyedByMethodAndARefusalOfTheWholeBatchFailsIt() {
    List<PublishRequest> pubs = List.of(PublishRequest.of("a", 1), PublishRequest.of("b", 2));
    JsonObject body = ApiCodec.batch(pubs, false);
    assertEquals(new JsonObject().put("channel", "b").put("data", 2),
        body.getJsonArray("commands").getJsonObject(1).getJsonObject("publish"));
    assertFalse(body.containsKey("parallel"));
    List<PublishOutcome> out = ApiCodec.batchOutcomes(pubs, new JsonObject().put("replies", new JsonArray()
        .add(new JsonObject().put("publish", new JsonObject().put("offset", 1).put("epoch", "e")))
        .add(new JsonObject().put("error", new JsonObject().put("code", 107).put("message", "bad request")))));
    assertEquals(1, out.get(0).result().position().offset());
    assertEquals(107, out.get(1).error().code());
    assertEquals(106, assertThrows(HubException.class, () -> ApiCodec.batchOutcomes(pubs, new JsonObject()
        .put("error", new JsonObject().put("code", 106).put("message", "limit exceeded")))).code());
  }

  @Test
  void presenceMapsEveryMemberWithItsInfo() {
    Map<String, ClientInfo> members = ApiCodec.presence(new JsonObject().put("presence", new JsonObject()
        .put("c1", new JsonObject().put("client", "c1").put("user", "u1").put("conn_info", new JsonObject().put("n", 1)))
        .put("c2", new JsonObject().put("client", "c2").put("user", ""))));
    assertEquals(new ClientInfo("c1", "u1", new JsonObject().put("n", 1), null), members.get("c1"));
    assertEquals("", members.get("c2").user());
  }

  @Test
  void historyMapsPublicationsAndTheTopPosition() {
    HistoryResult h = ApiCodec.history(new JsonObject().put("epoch", "ep").put("offset", 9)
        .put("publications", new JsonArray()
            .add(new JsonObject().put("data", "x").put("offset", 8).put("tags", new JsonObject().put("k", "v")))
            .add(new JsonObject().put("data", 2).put("offset", 9)
                .put("info", new JsonObject().put("client", "c").put("user", "u")))));
    assertEquals(new StreamPosition(9, "ep"), h.position());
    assertEquals(new HistoryPublication(8, "x", Map.of("k", "v"), null), h.publications().get(0));
    assertEquals("u", h.publications().get(1).info().user());
  }

  @Test
  void channelsAndInfoMapTheirCounts() {
    assertEquals(Map.of("news", 3L), ApiCodec.channels(new JsonObject()
        .put("channels", new JsonObject().put("news", new JsonObject().put("num_clients", 3)))));
    List<NodeInfo> nodes = ApiCodec.info(new JsonObject().put("nodes", new JsonArray().add(new JsonObject()
        .put("uid", "n1").put("name", "hub-1").put("version", "0.1").put("num_clients", 2).put("num_users", 1)
        .put("num_channels", 1).put("num_subs", 2).put("uptime", 10).put("num_members", 3)
        .put("activity", new JsonObject()))));
    assertEquals(new NodeInfo("n1", "hub-1", "0.1", 2, 1, 1, 2, 10, 3), nodes.get(0));
  }

  @Test
  void forNodeAddressesOneNodesApi() {
    assertEquals("hub.node.n1.api.", HubClientOptions.defaults().forNode("n1").addressPrefix());
  }
}
