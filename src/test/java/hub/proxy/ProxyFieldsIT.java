package hub.proxy;

import hub.proxy.ProxyHubs.Via;
import hub.support.Await;
import hub.support.ProxyBackend;
import hub.support.ProxyBackend.Answer;
import hub.support.StreamClient;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static hub.proxy.ProxyErrors.assertTemporary100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy result fields that shape a subscription, over both proxy transports (a Vert.x HTTP server in the test,
 * and a consumer on the hub's event bus): the subscribe proxy's {@code info} (this client's {@code chan_info}, seen
 * by JSON and protobuf clients alike) and {@code override}, the connect proxy's {@code subs}, the publish proxy's
 * {@code delta}/{@code version}/{@code version_epoch} (ignored), and the allow-listed headers of the emulation
 * transports' opening request. Every test ends with the hub idle, clients gone without a close frame included.
 */
class ProxyFieldsIT {

  static final String ADDRESS = "test.hub.proxy-fields";
  static ProxyHubs fixture;
  static Map<Via, TestHub> HUBS;
  static Map<Via, ProxyBackend> BACKENDS;
  final List<WsClient> clients = new ArrayList<>();
  final List<StreamClient> streams = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = ProxyHubs.start(ADDRESS, ProxyFieldsIT::config);
    HUBS = fixture.hubs();
    BACKENDS = fixture.backends();
  }

  private static JsonObject config(java.util.function.Function<String, String> endpoint) {
    // no timeout is tested here, and the machine may be busy: a long one
    JsonObject proxies = ProxyHubs.proxies(endpoint, 5000, List.of("Cookie"), "connect", "subscribe", "publish");
    JsonObject proxied = new JsonObject().put("allowSubscribe", false).put("allowPublish", false)
        .put("subscribeProxy", "subscribe").put("publishProxy", "publish");
    return new JsonObject().put("proxies", proxies)
        .put("client", new JsonObject().put("connectProxy", "connect"))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("px", proxied.copy().put("presence", true).put("joinLeave", true))
            .put("hx", proxied.copy().put("historySize", 10).put("historyTtlMs", 60_000))
            .put("ss", new JsonObject().put("presence", true).put("joinLeave", true))));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void idle() {
    clients.forEach(WsClient::close);
    streams.forEach(StreamClient::close);
    fixture.assertIdleAndReset();
  }

  private <T extends WsClient> T keep(T c) {
    clients.add(c);
    return c;
  }

  /** {@code c} subscribes to {@code channel} with {@code join_leave}, let in by a proxy result {@code result}. */
  private static JsonObject subscribe(Via via, WsClient c, String channel, JsonObject result) {
    BACKENDS.get(via).answer("subscribe", Answer.result(result));
    JsonObject reply = c.call("subscribe", new JsonObject().put("channel", channel).put("join_leave", true));
    assertNotNull(reply.getJsonObject("subscribe"), reply.encode());
    BACKENDS.get(via).next();
    return reply.getJsonObject("subscribe");
  }

  /** The ClientInfo of pushes of {@code kind} that {@code c} receives up to the first that {@code last} matches. */
  private static List<JsonObject> infosUntil(WsClient c, String kind, Predicate<JsonObject> last) {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      JsonObject push = c.push().getJsonObject("push");
      if (push.containsKey(kind)) {
        JsonObject info = push.getJsonObject(kind).getJsonObject("info");
        seen.add(info);
        if (last.test(info)) {
          return seen;
        }
      }
    }
  }

  private static Predicate<JsonObject> user(String name) {
    return info -> name.equals(info.getString("user"));
  }

  private static JsonObject members(WsClient c, String channel) {
    return c.call("presence", new JsonObject().put("channel", channel)).getJsonObject("presence")
        .getJsonObject("presence");
  }

  private static JsonObject value(boolean v) {
    return new JsonObject().put("value", v);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeProxyInfoIsChanInfoInPresenceAndJoinLeaveForJsonAndProtobuf(Via via) {
    TestHub hub = HUBS.get(via);
    WsClient json = keep(WsClient.connected(hub.port(), "wat"));
    WsClient pb = keep(WsClient.connectedProtobuf(hub.port(), "pbw"));
    subscribe(via, json, "px:room", new JsonObject());
    subscribe(via, pb, "px:room", new JsonObject());
    WsClient ann = keep(WsClient.connected(hub.port(), "ann"));
    JsonObject info = new JsonObject().put("role", "moderator").put("seat", 3);
    subscribe(via, ann, "px:room", new JsonObject().put("info", info));

    for (WsClient watcher : List.of(json, pb)) {
      List<JsonObject> joins = infosUntil(watcher, "join", user("ann"));
      assertEquals(info, joins.get(joins.size() - 1).getJsonObject("chan_info"), joins::toString);
      assertNull(joins.get(0).getValue("chan_info"), "the plain subscribers have none: " + joins);
      JsonObject m = members(watcher, "px:room");
      assertEquals(info, m.getJsonObject(ann.clientId()).getJsonObject("chan_info"), m::encode);
      assertNull(m.getJsonObject(json.clientId()).getValue("chan_info"), m::encode);
    }
    JsonObject api = hub.apiResult("presence", new JsonObject().put("channel", "px:room")).getJsonObject("result")
        .getJsonObject("presence");
    assertEquals(info, api.getJsonObject(ann.clientId()).getJsonObject("chan_info"), api::encode);

    ann.reset(); // gone without a close frame: the leave still shows the subscription's chan_info
    for (WsClient watcher : List.of(json, pb)) {
      List<JsonObject> leaves = infosUntil(watcher, "leave", user("ann"));
      assertEquals(info, leaves.get(leaves.size() - 1).getJsonObject("chan_info"));
    }
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeProxyOverridesHoldForThatSubscriptionOnly(Via via) {
    TestHub hub = HUBS.get(via);
    WsClient watcher = keep(WsClient.connected(hub.port(), "wat"));
    subscribe(via, watcher, "px:room", new JsonObject());
    WsClient shy = keep(WsClient.connected(hub.port(), "shy"));
    subscribe(via, shy, "px:room", new JsonObject().put("override", new JsonObject()
        .put("presence", value(false)).put("join_leave", value(false))));
    WsClient loud = keep(WsClient.connected(hub.port(), "loud"));
    subscribe(via, loud, "px:room", new JsonObject());

    List<JsonObject> joins = infosUntil(watcher, "join", user("loud"));
    assertFalse(joins.stream().anyMatch(user("shy")), "shy's subscription emits no join: " + joins);
    JsonObject m = members(watcher, "px:room");
    assertEquals(java.util.Set.of(watcher.clientId(), loud.clientId()), m.fieldNames(), m::encode);

    shy.reset();
    loud.reset();
    List<JsonObject> leaves = infosUntil(watcher, "leave", user("loud"));
    assertFalse(leaves.stream().anyMatch(user("shy")), "nor a leave: " + leaves);

    JsonObject recoverable = subscribe(via, watcher, "hx:" + via.name().toLowerCase(),
        new JsonObject().put("override", new JsonObject().put("force_recovery", value(true))));
    assertEquals(true, recoverable.getValue("recoverable"), recoverable::encode);
    assertEquals(true, recoverable.getValue("positioned"), recoverable::encode);
    assertNotNull(recoverable.getString("epoch"), recoverable::encode);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectProxySubsSubscribeServerSideWithTheirInfoDataAndOverride(Via via) {
    TestHub hub = HUBS.get(via);
    ProxyBackend backend = BACKENDS.get(via);
    String history = "hx:srv-" + via.name().toLowerCase();
    backend.answer("connect", Answer.result(new JsonObject().put("user", "srv")
        .put("channels", new JsonArray().add("ss:a"))
        .put("subs", new JsonObject()
            .put("ss:a", new JsonObject().put("info", new JsonObject().put("seat", 1)))
            .put("ss:b", new JsonObject().put("data", new JsonObject().put("hello", 1))
                .put("override", new JsonObject().put("presence", value(false))))
            .put(history, new JsonObject().put("override", new JsonObject().put("force_positioning", value(true)))))));
    WsClient c = keep(WsClient.open(hub.port()));
    JsonObject connected = c.call("connect", new JsonObject()).getJsonObject("connect");
    JsonObject subs = connected.getJsonObject("subs");
    String client = connected.getString("client");
    backend.next();
    assertEquals(java.util.Set.of("ss:a", "ss:b", history), subs.fieldNames(), subs::encode);
    assertEquals(1, subs.getJsonObject("ss:b").getJsonObject("data").getInteger("hello"), subs::encode);
    assertEquals(true, subs.getJsonObject(history).getValue("positioned"), subs::encode);
    assertNull(subs.getJsonObject("ss:a").getValue("data"), subs::encode);

    Await.until("srv in ss:a's presence", () -> presence(hub, "ss:a").containsKey(client));
    assertEquals(1, presence(hub, "ss:a").getJsonObject(client).getJsonObject("chan_info").getInteger("seat"));
    assertEquals(new JsonObject(), presence(hub, "ss:b"), "presence overridden off for ss:b");
    c.reset();
    Await.until("srv's presence removed", () -> presence(hub, "ss:a").isEmpty());

    backend.answer("connect", Answer.result(new JsonObject().put("user", "srv").put("subs", new JsonObject()
        .put("ss:a", new JsonObject().put("override", new JsonObject().put("presence", true))))));
    WsClient bad = keep(WsClient.open(hub.port()));
    assertTemporary100(bad.call("connect", new JsonObject())); // a malformed result, as any other
  }

  private static JsonObject presence(TestHub hub, String channel) {
    return hub.apiResult("presence", new JsonObject().put("channel", channel)).getJsonObject("result")
        .getJsonObject("presence");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void publishProxyDeltaAndVersionAreIgnoredAndThePublicationGoesOut(Via via) {
    TestHub hub = HUBS.get(via);
    ProxyBackend backend = BACKENDS.get(via);
    String channel = "hx:ver-" + via.name().toLowerCase();
    WsClient sub = keep(WsClient.connected(hub.port(), "sub"));
    subscribe(via, sub, channel, new JsonObject());
    WsClient pub = keep(WsClient.connected(hub.port(), "pub"));
    backend.answer("publish", Answer.result(new JsonObject().put("data", new JsonObject().put("state", 7))
        .put("delta", true).put("version", 5).put("version_epoch", "e1")));
    for (int i = 0; i < 2; i++) {
      JsonObject reply = pub.call("publish", new JsonObject().put("channel", channel).put("data", 1));
      assertNotNull(reply.getJsonObject("publish"), reply.encode());
      backend.next();
      JsonObject p = sub.push().getJsonObject("push").getJsonObject("pub");
      assertEquals(7, p.getJsonObject("data").getInteger("state"), p::encode);
      assertNull(p.getValue("delta"), "no delta compression on this hub: " + p);
      assertEquals(i + 1L, p.getLong("offset"), "the same version twice is published twice: " + p);
    }
    hub.apiResult("history_remove", new JsonObject().put("channel", channel));
  }

  @ParameterizedTest
  @CsvSource({"HTTP,http_stream", "HTTP,sse", "EVENT_BUS,http_stream", "EVENT_BUS,sse"})
  void emulationTransportsForwardTheOpeningRequestsAllowListedHeaders(Via via, String transport) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("connect", Answer.result(new JsonObject().put("user", "em")));
    StreamClient c = StreamClient.open(fixture.vertx(), HUBS.get(via).port(), transport,
        new JsonObject().put("id", 1).put("connect", new JsonObject().put("name", "js")),
        Map.of("Cookie", "session=em", "X-Not-Listed", "no"));
    streams.add(c);
    assertEquals(200, c.status());
    assertTrue(c.reply(1).containsKey("connect"));
    ProxyBackend.Received req = backend.next();
    assertEquals("session=em", req.headers().get("cookie"), req.headers()::toString);
    assertNull(req.headers().get("x-not-listed"), "only allow-listed headers are forwarded");
    assertEquals(transport, req.body().getString("transport"));
    c.drop(); // gone without an end
  }
}
