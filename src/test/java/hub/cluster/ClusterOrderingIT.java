package hub.cluster;

import hub.config.HubConfig;
import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One publisher's publications to one channel arrive on other nodes in the order they were published and exactly
 * once, even when the publisher does not wait for replies; and the event-bus API works from any cluster member.
 * A fresh three-node cluster with a random name for each test.
 */
@Tag("cluster")
class ClusterOrderingIT {

  static final int PIPELINED = 500;

  TestCluster cluster;
  List<TestHub> nodes;

  @BeforeEach
  void startCluster() {
    cluster = TestCluster.start(3, new JsonObject());
    nodes = cluster.nodes();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void eventBusPublicationsPipelinedToOneNodeArriveInOrderExactlyOnceOnTheOthers() {
    List<WsClient> readers = List.of(subscribed(nodes.get(1), "pipelined"), subscribed(nodes.get(2), "pipelined"));
    TestHub publisherNode = nodes.get(0);
    String address = Addresses.nodeApi(publisherNode.node().nodeId(), "publish");
    List<Future<Message<JsonObject>>> replies = pipeline(publisherNode.node().vertx(), address, "pipelined", PIPELINED);
    assertAllPublished(replies);
    for (WsClient reader : readers) {
      assertEquals(IntStream.range(0, PIPELINED).boxed().toList(), received(reader, PIPELINED), "publication order");
      assertNull(reader.pollPush(Duration.ofMillis(200)), "each publication exactly once");
    }
  }

  @Test
  void httpPublicationsPipelinedOnOneConnectionArriveInOrderOnAnotherNode() {
    WsClient reader = subscribed(nodes.get(1), "http-pipelined");
    Vertx vertx = nodes.get(0).node().vertx();
    HttpClient http = vertx.createHttpClient(
        new HttpClientOptions().setPipelining(true).setPipeliningLimit(PIPELINED).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(1));
    Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    AtomicInteger sequence = new AtomicInteger();
    List<Future<String>> answers = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> {
      for (int i = 0; i < PIPELINED; i++) {
        answers.add(http.request(HttpMethod.POST, nodes.get(0).port(), "127.0.0.1", "/api/publish").compose(req -> {
          connections.add(req.connection());
          // Numbered as written to the connection: that is the order in which they are published.
          JsonObject body = new JsonObject().put("channel", "http-pipelined").put("data", sequence.getAndIncrement());
          return req.putHeader("X-API-Key", TestHub.API_KEY).send(body.encode())
              .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b));
        }));
      }
    });
    Await.until("every request sent", () -> answers.size() == PIPELINED);
    Await.result(Future.all(answers).toCompletionStage(), Duration.ofSeconds(30));
    for (Future<String> answer : answers) {
      assertEquals("200 {\"result\":{}}", answer.result());
    }
    assertEquals(1, connections.size(), "every request in flight on one connection");
    assertEquals(IntStream.range(0, PIPELINED).boxed().toList(), received(reader, PIPELINED), "publication order");
    assertNull(reader.pollPush(Duration.ofMillis(200)), "each publication exactly once");
    Await.result(http.close().toCompletionStage());
  }

  @Test
  void eventBusApiServesAnyClusterMemberAndItsPublicationsReachEveryNodeOnce() {
    List<WsClient> readers = new ArrayList<>();
    nodes.forEach(n -> readers.add(subscribed(n, "from-service")));
    // A JVM service of our own: a plain clustered Vert.x in the hub's cluster, no hub in it.
    Vertx service = Await.result(Vertx.builder()
        .withClusterManager(HazelcastSetup.clusterManager(HubConfig.fromJson(TestHub.config(cluster.nodeConfig())).cluster(),
            hub.stream.hazelcast.StreamSerialization::configure, hub.stream.hazelcast.StreamSerialization.MAP))
        .buildClustered().toCompletionStage(), Duration.ofSeconds(60));
    try {
      Await.equal("the service is a member", 4, () -> nodes.get(0).node().clusterSize());
      // hub.api.* is served by every node in turn: these nine requests run on all three, not on one.
      assertAllPublished(pipeline(service, Addresses.API_PREFIX + "publish", "from-service", 9));
      for (TestHub n : nodes) {
        assertTrue(publishesServed(n) > 0, "node " + n.node().nodeId() + " served some of them");
      }
      for (WsClient reader : readers) {
        assertEquals(IntStream.range(0, 9).boxed().toList(), received(reader, 9).stream().sorted().toList(),
            "each publication once on each node");
      }
      // Addressed to one node, the service's pipelined publications keep their order.
      String oneNode = Addresses.nodeApi(nodes.get(2).node().nodeId(), "publish");
      assertAllPublished(pipeline(service, oneNode, "from-service", 200));
      for (WsClient reader : readers) {
        assertEquals(IntStream.range(0, 200).boxed().toList(), received(reader, 200), "publication order");
      }
    } finally {
      Await.result(service.close().toCompletionStage(), Duration.ofSeconds(30));
    }
  }

  private WsClient subscribed(TestHub node, String channel) {
    WsClient c = cluster.client(node, "reader");
    assertTrue(c.subscribe(channel).containsKey("subscribe"));
    return c;
  }

  /** Sends {@code count} publish requests back to back from one context, without waiting for any reply. */
  private static List<Future<Message<JsonObject>>> pipeline(Vertx vertx, String address, String channel, int count) {
    List<Future<Message<JsonObject>>> replies = new CopyOnWriteArrayList<>();
    EventBus bus = vertx.eventBus();
    vertx.runOnContext(v -> {
      for (int i = 0; i < count; i++) {
        replies.add(bus.request(address, new JsonObject().put("channel", channel).put("data", i)));
      }
    });
    Await.until("every request sent", () -> replies.size() == count);
    return replies;
  }

  private static void assertAllPublished(List<Future<Message<JsonObject>>> replies) {
    Await.result(Future.all(replies).toCompletionStage(), Duration.ofSeconds(30));
    for (Future<Message<JsonObject>> reply : replies) {
      assertEquals(new JsonObject().put("result", new JsonObject()), reply.result().body());
    }
  }

  /** The data of the next {@code count} publications this client receives, in arrival order. */
  private static List<Integer> received(WsClient reader, int count) {
    List<Integer> data = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      data.add(reader.push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
    }
    return data;
  }

  private static double publishesServed(TestHub node) {
    var served = node.node().registry().find("hub.api.requests").tag("method", "publish").tag("outcome", "ok").counter();
    return served == null ? 0 : served.count();
  }
}
