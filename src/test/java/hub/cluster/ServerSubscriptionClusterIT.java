package hub.cluster;

import hub.support.ProxyBackend;
import hub.support.ProxyBackend.Answer;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side subscriptions across a two-node cluster: {@code /api/subscribe} and {@code /api/unsubscribe} on one
 * node act on every live session of the user on every node, and an event-bus connect proxy served by a consumer on
 * the other node's Vert.x (a JVM service elsewhere in the cluster) admits a client and subscribes it server-side.
 */
@Tag("cluster")
class ServerSubscriptionClusterIT {

  static final String ADDRESS = "test.app.connect";
  static final JsonObject CONFIG = new JsonObject()
      .put("proxies", new JsonObject().put("auth", new JsonObject().put("endpoint", "eventbus:" + ADDRESS)))
      .put("client", new JsonObject().put("connectProxy", "auth").put("rpcProxy", "auth"))
      .put("channels", new JsonObject().put("namespaces", new JsonObject()
          .put("chat", new JsonObject().put("allowPublish", true))
          .put("px", new JsonObject().put("subscribeProxy", "auth").put("publishProxy", "auth"))));

  TestCluster cluster;
  List<TestHub> nodes;

  @BeforeEach
  void startCluster() {
    cluster = TestCluster.start(2, CONFIG);
    nodes = cluster.nodes();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void apiSubscribeAndUnsubscribeReachTheUsersSessionsOnEveryNode() {
    WsClient onA = cluster.client(nodes.get(0), "target");
    WsClient onB = cluster.client(nodes.get(1), "target");
    WsClient bystander = cluster.client(nodes.get(1), "bystander");
    var unknown = nodes.get(0).api("subscribe", new JsonObject().put("user", "target").put("channel", "nope:x"));
    assertEquals(102, new JsonObject(unknown.body()).getJsonObject("error").getInteger("code"), unknown.body());
    nodes.get(0).apiResult("subscribe", new JsonObject().put("user", "target").put("channel", "chat:news"));
    for (WsClient c : List.of(onA, onB)) {
      JsonObject push = c.push().getJsonObject("push");
      assertEquals("chat:news", push.getString("channel"));
      assertTrue(push.containsKey("subscribe"), push.encode());
    }
    nodes.get(1).apiResult("publish", new JsonObject().put("channel", "chat:news").put("data", "hi"));
    for (WsClient c : List.of(onA, onB)) {
      assertEquals("hi", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
    }
    assertNull(bystander.pollPush(Duration.ofMillis(200)));
    nodes.get(1).apiResult("unsubscribe", new JsonObject().put("user", "target").put("channel", "chat:news")
        .put("client", onA.clientId()));
    assertEquals(2000, onA.push().getJsonObject("push").getJsonObject("unsubscribe").getInteger("code"));
    assertNull(onB.pollPush(Duration.ofMillis(200)), "the client filter spares the other session");
    for (WsClient c : List.of(onA, onB, bystander)) {
      c.fin();
    }
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  void anEventBusConnectProxyOnAnotherNodeAdmitsAndSubscribesServerSide() {
    try (ProxyBackend backend = ProxyBackend.eventBus(nodes.get(1).node().vertx(), ADDRESS)) {
      backend.answer("connect", Answer.result(new JsonObject().put("user", "via-proxy")
          .put("channels", new JsonArray().add("chat:lobby"))));
      WsClient c = WsClient.open(nodes.get(0).port());
      JsonObject result = c.call("connect", new JsonObject()).getJsonObject("connect");
      assertEquals(new JsonObject(), result.getJsonObject("subs").getJsonObject("chat:lobby"), result.encode());
      assertEquals("connect", backend.next().kind());
      nodes.get(1).apiResult("publish", new JsonObject().put("channel", "chat:lobby").put("data", 7));
      assertEquals(7, c.push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
      c.fin();
      nodes.forEach(TestHub::assertIdle);
    }
  }

  @Test
  void subscribePublishAndRpcProxiesAnsweredFromAnotherNodesVertx() {
    try (ProxyBackend backend = ProxyBackend.eventBus(nodes.get(1).node().vertx(), ADDRESS)) {
      WsClient c = cluster.client(nodes.get(0), "svc-user");
      backend.answer("subscribe", Answer.error(1403, "closed room"));
      assertEquals(1403, c.subscribe("px:closed").getJsonObject("error").getInteger("code"));
      backend.answer("subscribe", Answer.result(new JsonObject()));
      assertTrue(c.subscribe("px:open").containsKey("subscribe"));
      backend.answer("publish", Answer.result(new JsonObject().put("data", "rewritten")));
      assertTrue(c.call("publish", new JsonObject().put("channel", "px:open").put("data", "raw"))
          .containsKey("publish"));
      assertEquals("rewritten", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
      backend.answer("rpc", Answer.result(new JsonObject().put("data", new JsonObject().put("pong", true))));
      JsonObject rpc = c.call("rpc", new JsonObject().put("method", "ping")).getJsonObject("rpc");
      assertEquals(true, rpc.getJsonObject("data").getBoolean("pong"), rpc.encode());
      List<String> kinds = List.of(backend.next().kind(), backend.next().kind(), backend.next().kind(),
          backend.next().kind());
      assertEquals(List.of("subscribe", "subscribe", "publish", "rpc"), kinds);
      c.fin();
      nodes.forEach(TestHub::assertIdle);
    }
  }
}
