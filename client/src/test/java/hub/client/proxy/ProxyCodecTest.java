package hub.client.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Proxy requests and replies as the hub's EventBusProxyCaller and ProxyReplies write and read them. */
class ProxyCodecTest {

  static JsonObject base() {
    return new JsonObject().put("client", "c1").put("transport", "websocket").put("protocol", "json")
        .put("encoding", "json");
  }

  @Test
  void aConnectRequestHasNoUserAndCarriesTheForwardedHeadersButNotTheKind() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(ProxyKind.HEADER, "connect").add("Cookie", "s=1");
    ProxyRequest.Connect r = (ProxyRequest.Connect) ProxyCodec.request(ProxyKind.CONNECT,
        base().put("name", "js").put("version", "5").put("data", new JsonObject().put("hi", 1)), headers);
    assertEquals(new ProxyContext("c1", "websocket", "json", "json", null, null, Map.of("cookie", "s=1")), r.context());
    assertEquals("s=1", r.context().header("COOKIE"));
    assertEquals("js", r.name());
    assertEquals(new JsonObject().put("hi", 1), r.data());
  }

  @Test
  void laterRequestsCarryUserMetaAndTheirOwnFields() {
    JsonObject body = base().put("user", "42").put("meta", new JsonObject().put("tier", "gold"));
    ProxyRequest.Rpc rpc = (ProxyRequest.Rpc) ProxyCodec.request(ProxyKind.RPC, body.copy().put("method", "sum")
        .put("data", new JsonArray().add(1)), MultiMap.caseInsensitiveMultiMap());
    assertEquals("42", rpc.context().user());
    assertEquals(new JsonObject().put("tier", "gold"), rpc.context().meta());
    assertEquals("sum", rpc.method());
    ProxyRequest.Subscribe sub = (ProxyRequest.Subscribe) ProxyCodec.request(ProxyKind.SUBSCRIBE,
        body.copy().put("channel", "px:1"), null);
    assertEquals("px:1", sub.channel());
    assertNull(sub.data());
    ProxyRequest.Publish pub = (ProxyRequest.Publish) ProxyCodec.request(ProxyKind.PUBLISH,
        body.copy().put("channel", "px:1").put("data", "x"), null);
    assertEquals("x", pub.data());
    assertEquals("px:1", ((ProxyRequest.SubRefresh) ProxyCodec.request(ProxyKind.SUB_REFRESH,
        body.copy().put("channel", "px:1"), null)).channel());
  }

  @Test
  void anRpcWithoutMethodHasTheEmptyMethod() {
    assertEquals("", ((ProxyRequest.Rpc) ProxyCodec.request(ProxyKind.RPC, base(), null)).method());
  }

  @Test
  void aRequestWithoutClientIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ProxyCodec.request(ProxyKind.REFRESH, new JsonObject().put("user", "u"), null));
  }

  @Test
  void connectResultCarriesOnlyWhatIsSet() {
    assertEquals(new JsonObject().put("result", new JsonObject().put("user", "42")),
        ProxyCodec.result(ProxyResult.Connect.user("42")));
    JsonObject full = ProxyCodec.result(ProxyResult.Connect.user("").expiringAt(1_900_000_000L)
        .withInfo(new JsonObject().put("n", 1)).withData("hello").withChannels(List.of("news"))
        .withMeta(new JsonObject().put("m", 2))).getJsonObject("result");
    assertEquals(new JsonObject().put("expire_at", 1_900_000_000L).put("user", "").put("info", new JsonObject().put("n", 1))
        .put("data", "hello").put("channels", new JsonArray().add("news")).put("meta", new JsonObject().put("m", 2)), full);
  }

  @Test
  void refreshAndSubRefreshSayExpiredOrTheNextTime() {
    assertEquals(new JsonObject().put("expired", true),
        ProxyCodec.result(ProxyResult.Refresh.expire()).getJsonObject("result"));
    assertEquals(new JsonObject().put("expire_at", 5L),
        ProxyCodec.result(ProxyResult.Refresh.extendTo(5)).getJsonObject("result"));
    assertEquals(new JsonObject().put("expired", true),
        ProxyCodec.result(ProxyResult.SubRefresh.expire()).getJsonObject("result"));
    assertEquals(new JsonObject(), ProxyCodec.result(new ProxyResult.SubRefresh(false, 0)).getJsonObject("result"),
        "0: the subscription stops expiring");
  }

  @Test
  void subscribePublishAndRpcResults() {
    assertEquals(new JsonObject().put("expire_at", 9L).put("data", "d"),
        ProxyCodec.result(ProxyResult.Subscribe.allow().withData("d").expiringAt(9)).getJsonObject("result"));
    assertEquals(new JsonObject(), ProxyCodec.result(ProxyResult.Publish.unchanged()).getJsonObject("result"));
    assertEquals(new JsonObject().put("data", "new").put("skip_history", true).put("tags", new JsonObject().put("k", "v"))
            .put("idempotency_key", "i"),
        ProxyCodec.result(ProxyResult.Publish.rewrite("new").skippingHistory().withTags(Map.of("k", "v"))
            .withIdempotencyKey("i")).getJsonObject("result"));
    assertEquals(new JsonObject().put("result", new JsonObject().put("data", 3)),
        ProxyCodec.result(new ProxyResult.Rpc(3)));
  }

  @Test
  void failuresMapToErrorDisconnectOrTemporary() {
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", 1001).put("message", "no")),
        ProxyCodec.failure(new ProxyError(1001, "no")));
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", 403).put("message", "later")
        .put("temporary", true)), ProxyCodec.failure(new ProxyError(403, "later", true)));
    assertEquals(new JsonObject().put("disconnect", new JsonObject().put("code", 4501).put("reason", "banned")),
        ProxyCodec.failure(new ProxyDisconnect(4501, "banned")));
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", 100).put("message", "internal server error")
        .put("temporary", true)), ProxyCodec.failure(new IllegalStateException("database down")));
  }

  @Test
  void codesTheHubWouldHideAreRefusedWhereTheyAreMade() {
    assertThrows(IllegalArgumentException.class, () -> new ProxyError(109, "reserved"));
    assertThrows(IllegalArgumentException.class, () -> new ProxyError(2000, "too high"));
    assertThrows(IllegalArgumentException.class, () -> new ProxyDisconnect(3000, "hub's own"));
    assertThrows(IllegalArgumentException.class, () -> new ProxyDisconnect(4000, "x".repeat(33)));
  }
}
