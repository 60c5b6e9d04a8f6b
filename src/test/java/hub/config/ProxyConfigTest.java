package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code proxies} section and the names that refer to it (issue 9): a name no proxy defines stops start-up. */
class ProxyConfigTest {

  private static JsonObject base() {
    return new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
        .put("pubSecKeys", new JsonArray().add(new JsonObject().put("algorithm", "HS256").put("buffer", "config-test-hmac-secret-of-32-bytes")))))
        .put("proxies", new JsonObject()
            .put("auth", new JsonObject().put("endpoint", "http://127.0.0.1:9000/hub/connect")
                .put("httpHeaders", new JsonArray().add("Cookie")))
            .put("bus", new JsonObject().put("endpoint", "eventbus:app.hub").put("timeoutMs", 250)));
  }

  private static ConfigException refused(JsonObject json) {
    return assertThrows(ConfigException.class, () -> HubConfig.fromJson(json), json::encode);
  }

  @Test
  void readsProxiesAndTheirUses() {
    JsonObject json = base().put("client", new JsonObject().put("connectProxy", "auth").put("rpcProxy", "bus"))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("chat", new JsonObject().put("publishProxy", "bus"))));
    HubConfig c = HubConfig.fromJson(json);
    ProxyConfig auth = c.proxies().get("auth");
    assertEquals(Duration.ofSeconds(1), auth.timeout());
    assertEquals(List.of("cookie"), auth.httpHeaders());
    assertEquals(false, auth.eventBus());
    assertEquals("app.hub", c.proxies().get("bus").address());
    assertEquals(Duration.ofMillis(250), c.proxies().get("bus").timeout());
    assertEquals(ProxyConfig.DEFAULT_MAX_REPLY_BYTES, auth.maxReplyBytes());
    assertEquals(new ClientProxies("auth", null, "bus", ClientProxies.DEFAULT_MAX_IN_FLIGHT), c.client().proxies());
    assertEquals(new ChannelProxies(null, "bus", null), c.channels().namespaces().get("chat").proxies());
  }

  @Test
  void aNameNoProxyDefinesIsAConfigError() {
    assertEquals("client.connectProxy",
        refused(base().put("client", new JsonObject().put("connectProxy", "nope"))).path());
    assertEquals("client.refreshProxy",
        refused(base().put("client", new JsonObject().put("refreshProxy", "nope"))).path());
    assertEquals("channels.namespaces.chat.subscribeProxy", refused(base().put("channels", new JsonObject()
        .put("namespaces", new JsonObject().put("chat", new JsonObject().put("subscribeProxy", "x"))))).path());
    assertEquals("channels.default.subRefreshProxy", refused(base().put("channels", new JsonObject()
        .put("default", new JsonObject().put("subRefreshProxy", "x")))).path());
  }

  @Test
  void badEndpointsAndKeysAreRefused() {
    for (String bad : new String[] {"ftp://host/x", "eventbus:", "127.0.0.1:9000", "http://", "not a url"}) {
      JsonObject json = base();
      json.getJsonObject("proxies").put("p", new JsonObject().put("endpoint", bad));
      assertEquals("proxies.p.endpoint", refused(json).path(), bad);
    }
    JsonObject missing = base();
    missing.getJsonObject("proxies").put("p", new JsonObject());
    assertEquals("proxies.p.endpoint", refused(missing).path());
    JsonObject typo = base();
    typo.getJsonObject("proxies").getJsonObject("bus").put("timeout", 5);
    assertEquals("proxies.bus.timeout", refused(typo).path());
    assertEquals("client.proxyMaxInFlight",
        refused(base().put("client", new JsonObject().put("proxyMaxInFlight", 0))).path());
    for (Object bad : new Object[] {0, 63, (64 << 20) + 1, "1MiB", 1.5}) {
      JsonObject json = base();
      json.getJsonObject("proxies").getJsonObject("bus").put("maxReplyBytes", bad);
      assertEquals("proxies.bus.maxReplyBytes", refused(json).path(), String.valueOf(bad));
    }
  }

  @Test
  void subscribeTokenIsRequiredOrOptionalAndInherited() {
    HubConfig c = HubConfig.fromJson(base().put("channels", new JsonObject()
        .put("default", new JsonObject().put("subscribeToken", "required"))
        .put("namespaces", new JsonObject().put("vip", new JsonObject())
            .put("open", new JsonObject().put("subscribeToken", "optional")))));
    assertEquals(true, c.channels().defaults().subscribeTokenRequired());
    assertEquals(true, c.channels().namespaces().get("vip").subscribeTokenRequired());
    assertEquals(false, c.channels().namespaces().get("open").subscribeTokenRequired());
    assertEquals("channels.namespaces.xy.subscribeToken", refused(base().put("channels", new JsonObject()
        .put("namespaces", new JsonObject().put("xy", new JsonObject().put("subscribeToken", "yes"))))).path());
  }
}
