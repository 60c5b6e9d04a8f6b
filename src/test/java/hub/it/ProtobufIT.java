package hub.it;

import hub.support.MalformedFrames;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hub.support.WsClient.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protobuf format over real sockets: how a connection selects it, that its clients and JSON clients share
 * channels, and that broken protobuf closes the connection as broken JSON does. After each test every client is
 * gone and the hub holds nothing, and protobuf clients received nothing but binary frames of well-formed replies.
 */
class ProtobufIT {

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", new JsonObject().put("presence", true).put("allowPublish", true))
        .put("stream", new JsonObject().put("historySize", 5).put("historyTtlMs", 60_000).put("forceRecovery", true)
            .put("allowHistoryForSubscriber", true)))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void everyClientGoneAndNothingHeld() {
    clients.forEach(WsClient::reset);
    hub.assertIdle();
    for (WsClient c : clients) {
      assertEquals(List.of(), c.garbageReceived(), "only well-formed frames of the connection's format");
    }
  }

  private WsClient keep(WsClient c) {
    clients.add(c);
    return c;
  }

  private WsClient protobuf(String user) {
    return keep(WsClient.connectedProtobuf(hub.port(), user));
  }

  // ---- negotiation ---------------------------------------------------------------------------------------------

  @Test
  void theSubprotocolSelectsProtobufAndIsEchoed() {
    WsClient c = keep(WsClient.openProtobuf(hub.port()));
    assertEquals("centrifuge-protobuf", c.subprotocol());
    JsonObject connect = c.connect(Tokens.forUser("alice")).getJsonObject("connect");
    assertTrue(connect.getString("client").length() > 0, connect::encode);
    assertEquals(25, connect.getInteger("ping"));
  }

  @Test
  void theQuerySelectsProtobufWithoutASubprotocol() {
    for (String query : List.of("format=protobuf", "cf_protocol=protobuf")) {
      WsClient c = keep(WsClient.openProtobuf(hub.port(), "/connection/websocket?" + query, Map.of()));
      assertNull(c.subprotocol(), "nothing offered, nothing answered");
      assertTrue(c.connect(Tokens.forUser("alice")).containsKey("connect"), query);
    }
  }

  @Test
  void theClientsFirstKnownOfferDecides() {
    WsClient pb = keep(WsClient.openProtobuf(hub.port(), "/connection/websocket",
        headers("Sec-WebSocket-Protocol", "mqtt, centrifuge-protobuf, centrifuge-json")));
    assertEquals("centrifuge-protobuf", pb.subprotocol());
    assertTrue(pb.connect(Tokens.forUser("a")).containsKey("connect"));
    WsClient json = keep(WsClient.open(hub.port(), "/connection/websocket",
        headers("Sec-WebSocket-Protocol", "centrifuge-json, centrifuge-protobuf"), true, 0));
    assertEquals("centrifuge-json", json.subprotocol());
    assertTrue(json.connect(Tokens.forUser("b")).containsKey("connect"));
  }

  // ---- shared channels ----------------------------------------------------------------------------------------

  @Test
  void apiPublicationsReachProtobufAndJsonSubscribersAlike() {
    WsClient pb = protobuf("alice");
    WsClient json = keep(WsClient.connected(hub.port(), "bob"));
    assertTrue(pb.subscribe("news").containsKey("subscribe"));
    assertTrue(json.subscribe("news").containsKey("subscribe"));
    JsonObject data = new JsonObject().put("text", "grüße").put("list", new io.vertx.core.json.JsonArray().add(1));
    hub.apiResult("publish", new JsonObject().put("channel", "news").put("data", data)
        .put("tags", new JsonObject().put("t", "1")));
    JsonObject viaProtobuf = pb.push().getJsonObject("push");
    JsonObject viaJson = json.push().getJsonObject("push");
    assertEquals(viaJson, viaProtobuf);
    assertEquals(data, viaProtobuf.getJsonObject("pub").getJsonObject("data"));
    assertEquals("1", viaProtobuf.getJsonObject("pub").getJsonObject("tags").getString("t"));
  }

  @Test
  void aProtobufClientPublishesToJsonSubscribersWithItsInfo() {
    WsClient pb = protobuf("alice");
    WsClient json = keep(WsClient.connected(hub.port(), "bob"));
    json.subscribe("chat:1");
    JsonObject reply = pb.call("publish", new JsonObject().put("channel", "chat:1")
        .put("data", new JsonObject().put("m", 1)));
    assertEquals(new JsonObject(), reply.getJsonObject("publish"), reply::encode);
    JsonObject pub = json.push().getJsonObject("push").getJsonObject("pub");
    assertEquals(new JsonObject().put("m", 1), pub.getJsonObject("data"));
    assertEquals("alice", pub.getJsonObject("info").getString("user"));
    assertEquals(pb.clientId(), pub.getJsonObject("info").getString("client"));
  }

  @Test
  void presenceAndErrorsComeBackInProtobuf() {
    WsClient pb = protobuf("alice");
    pb.subscribe("room:1");
    JsonObject presence = pb.call("presence", new JsonObject().put("channel", "room:1"))
        .getJsonObject("presence").getJsonObject("presence");
    assertEquals("alice", presence.getJsonObject(pb.clientId()).getString("user"));
    JsonObject again = pb.subscribe("room:1");
    assertEquals(105, again.getJsonObject("error").getInteger("code"));
    JsonObject denied = pb.call("publish", new JsonObject().put("channel", "news").put("data", "x"));
    assertEquals(103, denied.getJsonObject("error").getInteger("code"));
  }

  @Test
  void anApiDisconnectClosesAProtobufClientWithItsCode() {
    WsClient pb = protobuf("carol");
    hub.apiResult("disconnect", new JsonObject().put("user", "carol")
        .put("disconnect", new JsonObject().put("code", 4001).put("reason", "moved")));
    assertEquals(new WsClient.Closed(4001, "moved"), pb.awaitClosed());
  }

  // ---- streams --------------------------------------------------------------------------------------------------

  private static JsonObject pubOf(JsonObject push) {
    return push.getJsonObject("push").getJsonObject("pub");
  }

  /** proto3 leaves out zero and false, so over protobuf an absent number is 0 (the SDKs read it so). */
  private static long longOf(JsonObject o, String key) {
    return o.getLong(key, 0L);
  }

  @Test
  void streamPositionsRecoveryAndHistoryWorkOverProtobuf() {
    String ch = "stream:1";
    WsClient first = protobuf("ann");
    JsonObject sub = first.subscribe(ch).getJsonObject("subscribe");
    assertEquals(true, sub.getBoolean("recoverable"));
    assertEquals(true, sub.getBoolean("positioned"));
    String epoch = sub.getString("epoch");
    assertEquals(8, epoch.length());
    hub.apiResult("publish", new JsonObject().put("channel", ch).put("data", "seen"));
    JsonObject seen = pubOf(first.push());
    assertEquals(1L, longOf(seen, "offset"));
    assertEquals("seen", seen.getString("data"));
    first.reset(); // vanishes without a close frame
    hub.apiResult("publish", new JsonObject().put("channel", ch).put("data", new JsonObject().put("n", 2)));
    hub.apiResult("publish", new JsonObject().put("channel", ch).put("data", new JsonObject().put("n", 3)));

    WsClient again = protobuf("ann");
    JsonObject recovered = again.call("subscribe", new JsonObject().put("channel", ch).put("recoverable", true)
        .put("recover", true).put("epoch", epoch).put("offset", 1)).getJsonObject("subscribe");
    assertEquals(true, recovered.getBoolean("was_recovering"), recovered::encode);
    assertEquals(true, recovered.getBoolean("recovered"), recovered::encode);
    io.vertx.core.json.JsonArray pubs = recovered.getJsonArray("publications");
    assertEquals(2, pubs.size(), recovered::encode);
    assertEquals(new JsonObject().put("n", 2), pubs.getJsonObject(0).getJsonObject("data"));
    assertEquals(List.of(2L, 3L), List.of(longOf(pubs.getJsonObject(0), "offset"),
        longOf(pubs.getJsonObject(1), "offset")));
    hub.apiResult("publish", new JsonObject().put("channel", ch).put("data", "live"));
    assertEquals(4L, longOf(pubOf(again.push()), "offset"), "live pushes follow the recovered ones");

    JsonObject history = again.call("history", new JsonObject().put("channel", ch).put("limit", 2)
        .put("reverse", true)).getJsonObject("history");
    assertEquals(epoch, history.getString("epoch"), history::encode);
    assertEquals(4L, longOf(history, "offset"));
    assertEquals(2, history.getJsonArray("publications").size(), history::encode);
    assertEquals("live", history.getJsonArray("publications").getJsonObject(0).getString("data"));
  }

  // ---- broken input and vanishing clients ----------------------------------------------------------------------

  static List<MalformedFrames.BinaryCase> malformed() {
    return MalformedFrames.protobuf();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedProtobufCloses3501AndReleasesTheSession(MalformedFrames.BinaryCase bad) {
    WsClient c = protobuf("alice");
    c.subscribe("news");
    c.subscribe("room:2");
    c.sendFrame(0x2, bad.frame(), true);
    assertEquals(new WsClient.Closed(3501, "bad request"), c.awaitClosed());
    hub.assertIdle();
  }

  @Test
  void aJsonTextFrameOnAProtobufConnectionCloses3501() {
    WsClient c = keep(WsClient.openProtobuf(hub.port()));
    c.sendText(new JsonObject().put("id", 1).put("connect", new JsonObject().put("token", Tokens.forUser("a")))
        .encode());
    assertEquals(new WsClient.Closed(3501, "bad request"), c.awaitClosed());
  }

  @Test
  void anOversizedMessageCloses1009() {
    WsClient c = protobuf("alice");
    c.sendFrame(0x2, new byte[70_000], true);
    assertEquals(1009, c.awaitClosed().code());
  }

  @Test
  void aSubscribedProtobufClientThatVanishesLeavesNothingBehind() {
    WsClient fin = protobuf("fin");
    fin.subscribe("room:3");
    WsClient reset = protobuf("reset");
    reset.subscribe("room:3");
    fin.fin();
    reset.reset();
    hub.assertIdle();
  }
}
