package hub.client;

import hub.client.proxy.ProxyError;
import hub.client.proxy.ProxyHandlers;
import hub.client.proxy.ProxyRequest;
import hub.client.proxy.ProxyResult;
import hub.cluster.HazelcastSetup;
import hub.config.HubConfig;
import hub.stream.hazelcast.StreamSerialization;
import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed client module from a JVM service of its own: a plain clustered Vert.x (no hub in it) in a hub node's
 * cluster that publishes to a WebSocket client through {@link HubClient}, reads the channel's presence, and serves
 * the hub's connect, rpc and subscribe proxies through {@link ProxyHandlers}. Every test ends with the hub idle;
 * clients leave by a TCP reset, without a close frame.
 */
@Tag("cluster")
class HubClientIT {

  static TestCluster cluster;
  static TestHub hub;
  static Vertx service;
  static HubClient client;
  static final BlockingQueue<ProxyRequest> asked = new LinkedBlockingQueue<>();
  /** Answers of rpc "hold", completed when the test says. */
  static final BlockingQueue<Promise<ProxyResult.Rpc>> held = new LinkedBlockingQueue<>();
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    JsonObject proxies = new JsonObject()
        .put("connect", new JsonObject().put("endpoint", "eventbus:app.hub.connect"))
        .put("rpc", new JsonObject().put("endpoint", "eventbus:app.hub.rpc"))
        .put("sub", new JsonObject().put("endpoint", "eventbus:app.hub.subscribe"));
    cluster = TestCluster.start(1, new JsonObject().put("proxies", proxies)
        .put("client", new JsonObject().put("connectProxy", "connect").put("rpcProxy", "rpc"))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("svc", new JsonObject().put("presence", true))
            .put("hist", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000))
            .put("px", new JsonObject().put("allowSubscribe", false).put("subscribeProxy", "sub")))));
    hub = cluster.node(0);
    service = Await.result(Vertx.builder()
        .withClusterManager(HazelcastSetup.clusterManager(HubConfig.fromJson(TestHub.config(cluster.nodeConfig())).cluster(),
            StreamSerialization::configure, StreamSerialization.MAP))
        .buildClustered().toCompletionStage(), Duration.ofSeconds(60));
    Await.equal("the service is a member", 2, () -> hub.node().clusterSize());
    client = HubClient.create(service);
    ProxyHandlers connect = ProxyHandlers.create().onConnect(r -> {
      asked.add(r);
      return Future.succeededFuture(ProxyResult.Connect.user("svc-" + r.name()).withMeta(new JsonObject().put("tier", 2)));
    });
    ProxyHandlers rpc = ProxyHandlers.create().onRpc(r -> {
      asked.add(r);
      if ("hold".equals(r.method())) {
        Promise<ProxyResult.Rpc> answer = Promise.promise();
        held.add(answer);
        return answer.future();
      }
      JsonObject args = (JsonObject) r.data();
      return "sum".equals(r.method())
          ? Future.succeededFuture(new ProxyResult.Rpc(args.getInteger("a") + args.getInteger("b")))
          : Future.failedFuture(new ProxyError(1404, "no method " + r.method()));
    });
    ProxyHandlers subscribe = ProxyHandlers.create().onSubscribe(r -> {
      asked.add(r);
      return r.channel().equals("px:open")
          ? Future.succeededFuture(ProxyResult.Subscribe.allow().withData(new JsonObject().put("welcome", r.context().user())))
          : Future.failedFuture(new ProxyError(1403, "not for " + r.context().user()));
    });
    Await.result(Future.all(connect.register(service.eventBus(), "app.hub.connect"),
        rpc.register(service.eventBus(), "app.hub.rpc"),
        subscribe.register(service.eventBus(), "app.hub.subscribe")).toCompletionStage(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    try {
      if (service != null) {
        Await.result(service.close().toCompletionStage(), Duration.ofSeconds(30));
      }
    } finally {
      cluster.close();
    }
  }

  @AfterEach
  void idle() {
    clients.forEach(WsClient::reset); // vanish without a close frame
    hub.assertIdle();
    asked.clear();
  }

  private WsClient withToken(String user) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    return c;
  }

  private WsClient withoutToken(String name) {
    WsClient c = WsClient.open(hub.port());
    clients.add(c);
    JsonObject reply = c.call("connect", new JsonObject().put("name", name));
    assertTrue(reply.containsKey("connect"), reply.encode());
    return c;
  }

  private static <T> T await(Future<T> f) {
    return Await.result(f.toCompletionStage(), Duration.ofSeconds(30));
  }

  private static Throwable failure(Future<?> f) {
    Await.until("the call answered", f::isComplete);
    assertTrue(f.failed(), "refused");
    return f.cause();
  }

  @Test
  void servicePublishesToAWebSocketClientAndSeesItInPresence() {
    WsClient alice = withToken("alice");
    assertTrue(alice.subscribe("svc:news").containsKey("subscribe"));
    PublishResult published = await(client.publish("svc:news", new JsonObject().put("headline", "typed")));
    assertTrue(!published.positioned(), "no history in this namespace");
    JsonObject push = alice.push().getJsonObject("push");
    assertEquals("svc:news", push.getString("channel"));
    assertEquals("typed", push.getJsonObject("pub").getJsonObject("data").getString("headline"));

    Map<String, ClientInfo> members = await(client.presence("svc:news"));
    assertEquals(1, members.size(), members.toString());
    ClientInfo member = members.values().iterator().next();
    assertEquals("alice", member.user());
    assertEquals(new PresenceStats(1, 1), await(client.presenceStats("svc:news")));
    assertEquals(1, await(client.info()).size());

    HubException refused = assertInstanceOf(HubException.class, failure(client.publish("nowhere:x", 1)));
    assertEquals(HubException.UNKNOWN_CHANNEL, refused.code());
  }

  @Test
  void serviceAdmitsAClientWithoutTokenAndAnswersItsRpc() throws Exception {
    WsClient c = withoutToken("app");
    ProxyRequest.Connect connect = (ProxyRequest.Connect) asked.poll(10, TimeUnit.SECONDS);
    assertNotNull(connect);
    assertEquals("app", connect.name());
    assertEquals(null, connect.context().user(), "no user before connect");

    JsonObject reply = c.call("rpc", new JsonObject().put("method", "sum").put("data", new JsonObject().put("a", 2).put("b", 3)));
    assertEquals(5, reply.getJsonObject("rpc").getInteger("data"), reply.encode());
    ProxyRequest.Rpc rpc = (ProxyRequest.Rpc) asked.poll(10, TimeUnit.SECONDS);
    assertEquals("svc-app", rpc.context().user());
    assertEquals(new JsonObject().put("tier", 2), rpc.context().meta());

    JsonObject error = c.call("rpc", new JsonObject().put("method", "nope")).getJsonObject("error");
    assertEquals(1404, error.getInteger("code"));
    assertEquals("no method nope", error.getString("message"));
  }

  @Test
  void serviceRefusesASubscribeWithItsOwnCodeAndAllowsAnother() {
    WsClient bob = withToken("bob");
    JsonObject error = bob.subscribe("px:secret").getJsonObject("error");
    assertNotNull(error, "refused");
    assertEquals(1403, error.getInteger("code"));
    assertEquals("not for bob", error.getString("message"));
    JsonObject allowed = bob.subscribe("px:open").getJsonObject("subscribe");
    assertNotNull(allowed, "allowed");
    assertEquals("bob", allowed.getJsonObject("data").getString("welcome"));
  }

  @Test
  void aClientThatVanishesWhileTheServiceHoldsItsRpcLeavesNothingBehind() throws Exception {
    WsClient c = withToken("carol");
    c.send("rpc", new JsonObject().put("method", "hold"));
    Promise<ProxyResult.Rpc> answer = held.poll(10, TimeUnit.SECONDS);
    assertNotNull(answer, "the service holds the call");
    c.reset(); // no close frame
    hub.assertIdle();
    // The late answer has no session to go to: the hub drops it.
    service.runOnContext(v -> answer.complete(new ProxyResult.Rpc("too late")));
    hub.assertIdle();
  }

  @Test
  void theOtherTypedCallsReachTheHubAndReadItsAnswers() {
    WsClient dave = withToken("dave");
    assertTrue(dave.subscribe("hist:a").containsKey("subscribe"));
    PublishResult first = await(client.publish(PublishRequest.of("hist:a", 1).withTags(Map.of("k", "v"))));
    assertTrue(first.positioned(), "a history channel gives the offset");
    List<PublishOutcome> broadcast = await(client.broadcast(List.of("hist:a", "nowhere:b"), 2, Map.of()));
    assertTrue(broadcast.get(0).published());
    assertEquals(HubException.UNKNOWN_CHANNEL, broadcast.get(1).error().code());
    List<PublishOutcome> batch = await(client.batch(List.of(PublishRequest.of("hist:a", 3), PublishRequest.of("hist:a", 4)),
        false));
    assertEquals(first.position().offset() + 3, batch.get(1).result().position().offset());
    for (int i = 1; i <= 4; i++) {
      assertEquals(i, dave.push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
    }

    HistoryResult history = await(client.history(HistoryRequest.of("hist:a", HistoryRequest.ALL)));
    assertEquals(List.of(1, 2, 3, 4), history.publications().stream().map(HistoryPublication::data).toList());
    assertEquals(Map.of("k", "v"), history.publications().get(0).tags());
    assertEquals(batch.get(1).result().position(), history.position());
    await(client.historyRemove("hist:a"));
    assertEquals(List.of(), await(client.history(HistoryRequest.of("hist:a", HistoryRequest.ALL))).publications());
    assertEquals(1L, await(client.channels(null)).get("hist:a"));

    await(client.subscribe("dave", "svc:extra", null));
    assertEquals("svc:extra", dave.push().getJsonObject("push").getString("channel"), "server-side subscribe push");
    await(client.unsubscribe("dave", "svc:extra", null));
    assertEquals("svc:extra", dave.push().getJsonObject("push").getString("channel"), "unsubscribe push");
    await(client.disconnect(DisconnectRequest.user("dave").withClose(4001, "bye")));
    assertEquals(4001, dave.awaitClosed().code());
  }
}
