package hub.proxy;

import hub.proxy.ProxyHubs.Via;
import hub.support.Await;
import hub.support.ProxyBackend;
import hub.support.ProxyBackend.Answer;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static hub.proxy.ProxyErrors.error;
import static hub.proxy.ProxyErrors.assertTemporary100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connect, refresh and rpc proxies end to end, over both transports: a Vert.x HTTP server in the test, and a
 * consumer on the hub's event bus. Each promise is checked on both, and every test ends with the hub idle (no
 * session, no subscription, no proxy call in flight).
 */
class ProxyIT {

  static final String ADDRESS = "test.hub.proxy";
  static final int MAX_IN_FLIGHT = 4;
  static ProxyHubs fixture;
  static Map<Via, TestHub> HUBS;
  static Map<Via, ProxyBackend> BACKENDS;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = ProxyHubs.start(ADDRESS, ProxyIT::config);
    HUBS = fixture.hubs();
    BACKENDS = fixture.backends();
  }

  private static JsonObject config(java.util.function.Function<String, String> endpoint) {
    JsonObject proxies = ProxyHubs.proxies(endpoint, 1000, List.of("Cookie", "Authorization"),
        "connect", "refresh", "rpc");
    return new JsonObject().put("proxies", proxies).put("client", new JsonObject()
        .put("connectProxy", "connect").put("refreshProxy", "refresh").put("rpcProxy", "rpc")
        .put("proxyMaxInFlight", MAX_IN_FLIGHT));
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

  private WsClient open(Via via) {
    WsClient c = WsClient.open(HUBS.get(via).port(), "/connection/websocket",
        WsClient.headers("Cookie", "session=app", "X-Not-Listed", "not-forwarded"), true, 0);
    clients.add(c);
    return c;
  }

  private static JsonObject connect(WsClient c) {
    return c.call("connect", new JsonObject().put("name", "js").put("data", new JsonObject().put("hi", 1)));
  }

  private WsClient connected(Via via, String user) {
    BACKENDS.get(via).answer("connect", Answer.result(new JsonObject().put("user", user)));
    WsClient c = open(via);
    JsonObject reply = connect(c);
    assertTrue(reply.containsKey("connect"), reply.encode());
    BACKENDS.get(via).next(); // the connect request
    return c;
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectProxyAdmitsClientWithoutToken(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("connect", Answer.result(new JsonObject().put("user", "42")
        .put("data", new JsonObject().put("welcome", true)).put("meta", new JsonObject().put("tier", "gold"))));
    WsClient c = open(via);
    JsonObject result = connect(c).getJsonObject("connect");
    assertEquals(true, result.getJsonObject("data").getBoolean("welcome"));
    assertNull(result.getValue("expires"), "no expiry given: nothing to refresh");
    ProxyBackend.Received req = backend.next();
    assertEquals("connect", req.kind());
    assertEquals(result.getString("client"), req.body().getString("client"));
    assertEquals("websocket", req.body().getString("transport"));
    assertEquals("json", req.body().getString("protocol"));
    assertEquals("json", req.body().getString("encoding"));
    assertEquals("js", req.body().getString("name"));
    assertEquals(1, req.body().getJsonObject("data").getInteger("hi"));
    assertFalse(req.body().containsKey("user"), "no user before connect");
    assertEquals("session=app", req.headers().get("cookie"));
    assertNull(req.headers().get("x-not-listed"), "only allow-listed headers are forwarded");

    // The user and meta the proxy gave travel with later requests.
    backend.answer("rpc", Answer.result(new JsonObject()));
    c.call("rpc", new JsonObject().put("method", "m"));
    ProxyBackend.Received rpc = backend.next();
    assertEquals("42", rpc.body().getString("user"));
    assertEquals("gold", rpc.body().getJsonObject("meta").getString("tier"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectRefusedWithCustomCodeLeavesTheSocketOpenForARetry(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("connect", Answer.error(1001, "come back later"));
    WsClient c = open(via);
    JsonObject e = error(connect(c));
    assertEquals(1001, e.getInteger("code"));
    assertEquals("come back later", e.getString("message"));
    backend.answer("connect", Answer.result(new JsonObject().put("user", "7")));
    assertTrue(connect(c).containsKey("connect"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void connectProxyDisconnectClosesWithItsCode(Via via) {
    BACKENDS.get(via).answer("connect", Answer.disconnect(4501, "banned"));
    WsClient c = open(via);
    c.send("connect", new JsonObject());
    assertEquals(new WsClient.Closed(4501, "banned"), c.awaitClosed());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void disconnectCodeOutsideTheApplicationRangeIsError100(Via via) {
    BACKENDS.get(via).answer("connect", Answer.disconnect(3001, "shutdown"));
    assertTemporary100(connect(open(via)));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void errorCodeOutsideTheApplicationRangeIsError100(Via via) {
    BACKENDS.get(via).answer("connect", Answer.error(109, "token expired")); // would make the SDK ask for a token
    assertTemporary100(connect(open(via)));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void timeoutIsTemporaryError100AndTheLateAnswerIsDropped(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("connect", Answer.hold());
    WsClient c = open(via);
    assertTemporary100(connect(c));
    backend.releaseHeld(new JsonObject().put("result", new JsonObject().put("user", "late")));
    assertFalse(c.isClosed());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void unparsableReplyIsTemporaryError100(Via via) {
    BACKENDS.get(via).answer("connect", Answer.raw("this is not json"));
    assertTemporary100(connect(open(via)));
    BACKENDS.get(via).answer("connect", Answer.reply(new JsonObject().put("result", new JsonObject())));
    assertTemporary100(connect(open(via))); // a result without user
    BACKENDS.get(via).answer("connect", Answer.reply(new JsonObject().put("result", new JsonObject())
        .put("error", new JsonObject().put("code", 1000))));
    assertTemporary100(connect(open(via))); // two answers in one
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void failedCallIsTemporaryError100(Via via) {
    // HTTP: a 500; event bus: message.fail with a code outside 400-1999.
    BACKENDS.get(via).answer("connect", Answer.fail(via == Via.HTTP ? 500 : 3000));
    assertTemporary100(connect(open(via)));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void eventBusFailWithApplicationCodeOrHttpStatusIsMapped(Via via) {
    BACKENDS.get(via).answer("connect", Answer.fail(1403));
    JsonObject reply = connect(open(via));
    if (via == Via.EVENT_BUS) {
      assertEquals(1403, error(reply).getInteger("code"), "message.fail(1403) is that error");
    } else {
      assertTemporary100(reply); // an HTTP status is not an application error
    }
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void noBackendIsTemporaryError100AndWorksOnceItIsBack(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient c = open(via);
    if (via == Via.EVENT_BUS) {
      backend.goAway();
      try {
        assertTemporary100(connect(c)); // NO_HANDLERS
      } finally {
        backend.comeBack();
      }
    } else {
      TestHub down = TestHub.start(new JsonObject().put("proxies", new JsonObject().put("connect", new JsonObject()
          .put("endpoint", "http://127.0.0.1:1/nobody-listens"))).put("client", new JsonObject()
          .put("connectProxy", "connect")));
      try (WsClient d = WsClient.open(down.port())) {
        assertTemporary100(connect(d)); // connection refused
        d.close();
        down.assertIdle();
      } finally {
        down.close();
      }
    }
    backend.answer("connect", Answer.result(new JsonObject().put("user", "back")));
    assertTrue(connect(c).containsKey("connect"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void clientVanishingWhileItsCallIsInFlightReleasesItAndDropsTheLateAnswer(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    TestHub hub = HUBS.get(via);
    backend.answer("connect", Answer.hold());
    WsClient c = open(via);
    c.send("connect", new JsonObject());
    backend.next();
    Await.equal("a proxy call in flight", 1.0, () -> hub.scrape().value("hub_proxy_inflight"));
    double late = hub.scrape().value("hub_proxy_late_total");
    c.reset();
    hub.assertIdle(); // the slot is back although the backend has not answered
    backend.releaseHeld(new JsonObject().put("result", new JsonObject().put("user", "ghost")));
    Await.equal("late answers dropped", late + 1, () -> hub.scrape().value("hub_proxy_late_total"));
    assertEquals(0.0, hub.scrape().sum("hub_sessions_live"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void callsBeyondTheNodeBoundGetError100AtOnce(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    TestHub hub = HUBS.get(via);
    backend.answer("connect", Answer.hold());
    List<WsClient> waiting = new ArrayList<>();
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      WsClient c = open(via);
      c.send("connect", new JsonObject());
      waiting.add(c);
      backend.next();
    }
    Await.equal("calls in flight", (double) MAX_IN_FLIGHT, () -> hub.scrape().value("hub_proxy_inflight"));
    double before = hub.scrape().value(OVERLOADED);
    assertTemporary100(connect(open(via)));
    assertEquals(before + 1, hub.scrape().value(OVERLOADED));
    for (int i = 0; i < MAX_IN_FLIGHT; i++) {
      backend.releaseHeld(new JsonObject().put("result", new JsonObject().put("user", "u" + i)));
    }
    for (WsClient c : waiting) {
      Await.until("held connect answered", () -> c.framesReceived().stream().anyMatch(f -> f.contains("\"connect\"")));
    }
  }

  private static final String OVERLOADED = "hub_proxy_calls_total{kind=\"connect\",outcome=\"overloaded\"}";

  @ParameterizedTest
  @EnumSource(Via.class)
  void rpcRoundTripAndRefusal(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient c = connected(via, "u1");
    backend.answer("rpc", Answer.result(new JsonObject().put("data", new JsonObject().put("sum", 3))));
    JsonObject reply = c.call("rpc", new JsonObject().put("method", "sum")
        .put("data", new JsonObject().put("a", 1).put("b", 2)));
    assertEquals(3, reply.getJsonObject("rpc").getJsonObject("data").getInteger("sum"), reply.encode());
    ProxyBackend.Received req = backend.next();
    assertEquals("sum", req.body().getString("method"));
    assertEquals(2, req.body().getJsonObject("data").getInteger("b"));
    assertEquals("u1", req.body().getString("user"));

    backend.answer("rpc", Answer.error(1500, "no such account"));
    assertEquals(1500, error(c.call("rpc", new JsonObject().put("method", "x"))).getInteger("code"));
    backend.answer("rpc", Answer.disconnect(4000, "reconnect please"));
    c.send("rpc", new JsonObject().put("method", "y"));
    assertEquals(new WsClient.Closed(4000, "reconnect please"), c.awaitClosed());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void sendReachesTheRpcBackendOneWay(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    WsClient c = connected(via, "u2");
    backend.answer(via == Via.HTTP ? "rpc" : "send", Answer.result(new JsonObject()));
    c.sendCommand(new JsonObject().put("send", new JsonObject().put("data", new JsonObject().put("note", "hi"))));
    ProxyBackend.Received req = backend.next();
    assertEquals("hi", req.body().getJsonObject("data").getString("note"));
    assertFalse(req.body().containsKey("method"));
    assertEquals("u2", req.body().getString("user"));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void refreshProxyExtendsThenExpires(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    long now = System.currentTimeMillis() / 1000;
    backend.answer("connect", Answer.result(new JsonObject().put("user", "r1").put("expire_at", now + 1)));
    WsClient c = open(via);
    JsonObject result = connect(c).getJsonObject("connect");
    assertNull(result.getValue("expires"), "the hub refreshes through the proxy, not the client");
    backend.next();
    backend.answer("refresh", Answer.result(new JsonObject().put("expire_at", now + 2)));
    ProxyBackend.Received first = backend.next();
    assertEquals("refresh", first.kind());
    assertEquals("r1", first.body().getString("user"));
    assertFalse(c.isClosed());
    backend.answer("refresh", Answer.result(new JsonObject().put("expired", true)));
    backend.next();
    assertEquals(3005, c.awaitClosed().code());
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void anAuthorizationHeaderThatIsNotOurJwtGoesToTheConnectProxy(Via via) {
    ProxyBackend backend = BACKENDS.get(via);
    backend.answer("connect", Answer.result(new JsonObject().put("user", "app-user")));
    WsClient c = WsClient.open(HUBS.get(via).port(), "/connection/websocket",
        WsClient.headers("Authorization", "Bearer app-session-123"), true, 0);
    clients.add(c);
    assertTrue(connect(c).containsKey("connect"));
    assertEquals("Bearer app-session-123", backend.next().headers().get("authorization"));

    // A token of ours is still ours: valid, it connects without the proxy; expired, the upgrade is refused.
    WsClient own = WsClient.open(HUBS.get(via).port(), "/connection/websocket",
        WsClient.headers("Authorization", "Bearer " + hub.support.Tokens.forUser("jwt-user")), true, 0);
    clients.add(own);
    assertTrue(connect(own).containsKey("connect"));
    WsClient.Rejected refused = org.junit.jupiter.api.Assertions.assertThrows(WsClient.Rejected.class,
        () -> WsClient.open(HUBS.get(via).port(), "/connection/websocket",
            WsClient.headers("Authorization", "Bearer " + hub.support.Tokens.expired("old")), true, 0));
    assertEquals(401, refused.status);
  }
}
