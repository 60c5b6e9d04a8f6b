package hub.proxy;

import hub.proxy.ProxyHubs.Via;
import hub.support.Await;
import hub.support.ProxyBackend;
import hub.support.ProxyBackend.Answer;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hub.proxy.ProxyErrors.error;
import static hub.proxy.ProxyErrors.assertTemporary100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The per-namespace proxies end to end, over both transports (a Vert.x HTTP server in the test, and a consumer on
 * the hub's event bus): subscribe (allow, refuse, disconnect, timeout, malformed, no handler), publish (rewrite,
 * skip_history, tags, idempotency_key, refuse) and the server-side sub_refresh. Every test ends with the hub idle.
 */
class ChannelProxyIT {

  static final String ADDRESS = "test.hub.channel-proxy";
  static ProxyHubs fixture;
  static Map<Via, TestHub> HUBS;
  static Map<Via, ProxyBackend> BACKENDS;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = ProxyHubs.start(ADDRESS, ChannelProxyIT::config);
    HUBS = fixture.hubs();
    BACKENDS = fixture.backends();
  }

  private static JsonObject config(java.util.function.Function<String, String> endpoint) {
    JsonObject proxies = ProxyHubs.proxies(endpoint, 1000, List.of(), "subscribe", "publish", "sub_refresh");
    JsonObject proxied = new JsonObject().put("allowSubscribe", false).put("allowPublish", false)
        .put("subscribeProxy", "subscribe").put("publishProxy", "publish").put("subRefreshProxy", "sub_refresh");
    return new JsonObject().put("proxies", proxies).put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("px", proxied)
        .put("hx", proxied.copy().put("historySize", 10).put("historyTtlMs", 60_000))));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void idle() {
    clients.forEach(WsClient::close);
    fixture.assertIdleAndReset();
  }

  private WsClient user(Via via, String name) {
    WsClient c = WsClient.connected(HUBS.get(via).port(), name);
    clients.add(c);
    return c;
  }

  /** A subscriber of {@code channel}, let in by the subscribe proxy. */
  private WsClient subscriber(Via via, String name, String channel) {
    BACKENDS.get(via).answer("subscribe", Answer.result(new JsonObject()));
    WsClient c = user(via, name);
    assertNotNull(c.subscribe(channel).getJsonObject("subscribe"));
    BACKENDS.get(via).next();
    return c;
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeProxyAllowsAndItsDataReachesTheClient(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("subscribe", Answer.result(new JsonObject().put("data", new JsonObject().put("welcome", 1))));
    WsClient c = user(via, "alice");
    JsonObject reply = c.call("subscribe", new JsonObject().put("channel", "px:room")
        .put("data", new JsonObject().put("ask", "in")));
    assertEquals(1, reply.getJsonObject("subscribe").getJsonObject("data").getInteger("welcome"), reply.encode());
    ProxyBackend.Received req = backend.next();
    assertEquals("subscribe", req.kind());
    assertEquals("px:room", req.body().getString("channel"));
    assertEquals("alice", req.body().getString("user"));
    assertEquals("in", req.body().getJsonObject("data").getString("ask"));
    assertEquals(c.clientId(), req.body().getString("client"));
    assertEquals(1L, HUBS.get(via).live().subscriptions());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeRefusedWithACustomCodeIsThatError(Via via) {
    BACKENDS.get(via).answer("subscribe", Answer.error(1403, "not in this room"));
    WsClient c = user(via, "bob");
    JsonObject e = error(c.subscribe("px:room"));
    assertEquals(1403, e.getInteger("code"));
    assertEquals("not in this room", e.getString("message"));
    assertEquals(0L, HUBS.get(via).live().subscriptions());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeProxyDisconnectClosesWithItsCode(Via via) {
    BACKENDS.get(via).answer("subscribe", Answer.disconnect(4100, "go away"));
    WsClient c = user(via, "carol");
    c.send("subscribe", new JsonObject().put("channel", "px:room"));
    assertEquals(new WsClient.Closed(4100, "go away"), c.awaitClosed());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subscribeTimeoutMalformedOrFailedIsTemporary100(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient c = user(via, "dave");
    backend.answer("subscribe", Answer.hold());
    assertTemporary100(c.subscribe("px:a"));
    backend.releaseHeld(new JsonObject().put("result", new JsonObject())); // late: dropped
    backend.answer("subscribe", Answer.raw("not json"));
    assertTemporary100(c.subscribe("px:b"));
    backend.answer("subscribe", Answer.result(new JsonObject().put("expire_at", "soon")));
    assertTemporary100(c.subscribe("px:c"));
    backend.answer("subscribe", Answer.fail(via == Via.HTTP ? 503 : 2000));
    assertTemporary100(c.subscribe("px:d"));
    assertEquals(0L, HUBS.get(via).live().subscriptions());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void clientVanishingWhileItsSubscribeIsInFlightReleasesIt(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    TestHub hub = HUBS.get(via);
    backend.answer("subscribe", Answer.hold());
    WsClient c = user(via, "erin");
    c.send("subscribe", new JsonObject().put("channel", "px:room"));
    backend.next();
    Await.equal("a proxy call in flight", 1.0, () -> hub.scrape().value("hub_proxy_inflight"));
    double late = hub.scrape().value("hub_proxy_late_total");
    c.reset();
    hub.assertIdle();
    backend.releaseHeld(new JsonObject().put("result", new JsonObject()));
    Await.equal("late answers dropped", late + 1, () -> hub.scrape().value("hub_proxy_late_total"));
    assertEquals(0L, hub.live().subscriptions());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void publishProxyRewritesTheDataAndAddsTags(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient sub = subscriber(via, "sub", "px:room");
    WsClient pub = user(via, "pub");
    backend.answer("publish", Answer.result(new JsonObject().put("data", new JsonObject().put("text", "***"))
        .put("tags", new JsonObject().put("checked", "yes"))));
    JsonObject reply = pub.call("publish", new JsonObject().put("channel", "px:room")
        .put("data", new JsonObject().put("text", "rude")));
    assertNotNull(reply.getJsonObject("publish"), reply.encode());
    ProxyBackend.Received req = backend.next();
    assertEquals("publish", req.kind());
    assertEquals("rude", req.body().getJsonObject("data").getString("text"));
    assertEquals("pub", req.body().getString("user"));
    JsonObject p = sub.push().getJsonObject("push").getJsonObject("pub");
    assertEquals("***", p.getJsonObject("data").getString("text"));
    assertEquals("yes", p.getJsonObject("tags").getString("checked"));
    assertEquals("pub", p.getJsonObject("info").getString("user"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void publishRefusedReachesNobody(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient sub = subscriber(via, "sub", "px:room");
    WsClient pub = user(via, "pub");
    backend.answer("publish", Answer.error(1500, "spam"));
    assertEquals(1500, error(pub.call("publish", new JsonObject().put("channel", "px:room")
        .put("data", new JsonObject()))).getInteger("code"));
    backend.answer("publish", Answer.result(new JsonObject().put("tags", new JsonObject().put("n", 1))));
    assertTemporary100(pub.call("publish", new JsonObject().put("channel", "px:room").put("data", new JsonObject())));
    assertNull(sub.pollPush(Duration.ofMillis(300)), "nothing published");
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void publishProxySkipHistoryAndIdempotencyKeyShapeTheStream(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    TestHub hub = HUBS.get(via);
    String channel = "hx:" + via.name().toLowerCase();
    WsClient pub = user(via, "pub");
    backend.answer("publish", Answer.result(new JsonObject().put("skip_history", true)));
    assertNotNull(pub.call("publish", new JsonObject().put("channel", channel).put("data", 1)).getJsonObject("publish"));
    backend.answer("publish", Answer.result(new JsonObject().put("idempotency_key", "k-1")));
    for (int i = 0; i < 3; i++) {
      assertNotNull(pub.call("publish", new JsonObject().put("channel", channel).put("data", 2))
          .getJsonObject("publish"));
    }
    JsonObject history = hub.apiResult("history", new JsonObject().put("channel", channel).put("limit", 10))
        .getJsonObject("result");
    JsonArray pubs = history.getJsonArray("publications");
    assertEquals(1, pubs.size(), "skipped once, then one publication for three repeats of a key: " + history);
    assertEquals(2, pubs.getJsonObject(0).getInteger("data"));
    hub.apiResult("history_remove", new JsonObject().put("channel", channel));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void subRefreshProxyExtendsThenEndsTheSubscriptionWith2501(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    long now = System.currentTimeMillis() / 1000;
    backend.answer("subscribe", Answer.result(new JsonObject().put("expire_at", now + 1)));
    WsClient c = user(via, "frank");
    JsonObject result = c.subscribe("px:timed").getJsonObject("subscribe");
    assertNull(result.getValue("expires"), "the hub renews through the proxy, not the client");
    backend.next();
    backend.answer("sub_refresh", Answer.result(new JsonObject().put("expire_at", now + 2)));
    ProxyBackend.Received first = backend.next();
    assertEquals("sub_refresh", first.kind());
    assertEquals("px:timed", first.body().getString("channel"));
    assertEquals("frank", first.body().getString("user"));
    backend.answer("sub_refresh", Answer.result(new JsonObject().put("expired", true)));
    backend.next();
    JsonObject push = c.push(Duration.ofSeconds(10)).getJsonObject("push");
    assertEquals("px:timed", push.getString("channel"));
    assertEquals(2501, push.getJsonObject("unsubscribe").getInteger("code"));
    Await.equal("subscription ended", 0L, () -> HUBS.get(via).live().subscriptions());
  }

  @ParameterizedTest
  @EnumSource(value = Via.class, names = "EVENT_BUS")
  void noHandlerIsTemporary100AndTheSubscribeWorksOnceItIsBack(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient c = user(via, "gina");
    backend.goAway();
    try {
      assertTemporary100(c.subscribe("px:room")); // NO_HANDLERS
    } finally {
      backend.comeBack();
    }
    backend.answer("subscribe", Answer.result(new JsonObject()));
    assertNotNull(c.subscribe("px:room").getJsonObject("subscribe"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void aFailedSubRefreshIsRetriedAndAClientThatVanishesMeanwhileLeavesNothing(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    TestHub hub = HUBS.get(via);
    long now = System.currentTimeMillis() / 1000;
    backend.answer("subscribe", Answer.result(new JsonObject().put("expire_at", now + 1)));
    WsClient c = user(via, "hugo");
    assertNotNull(c.subscribe("px:retry").getJsonObject("subscribe"));
    backend.next();
    backend.answer("sub_refresh", Answer.raw("not json")); // a failed call: kept, asked again later
    assertEquals("sub_refresh", backend.next().kind());
    backend.answer("sub_refresh", Answer.hold());
    assertEquals("sub_refresh", backend.next().kind()); // the retry, 5 s later
    assertNull(c.pollPush(Duration.ofMillis(100)), "still subscribed after the failure");
    Await.equal("the retry in flight", 1.0, () -> hub.scrape().value("hub_proxy_inflight"));
    c.reset(); // gone while the retry is in flight
    hub.assertIdle();
    backend.releaseHeld(new JsonObject().put("result", new JsonObject().put("expired", true)));
  }
}
