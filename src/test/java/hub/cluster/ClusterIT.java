package hub.cluster;

import com.hazelcast.core.HazelcastInstance;
import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three clustered nodes in one JVM, a fresh cluster with a random name for each test (a test that breaks its
 * cluster cannot harm the next, and runs never join each other): fan-out, disconnect, info, member leave,
 * readiness, and what subscribing costs the cluster. Ordering has its own class, ClusterOrderingIT.
 */
@Tag("cluster")
class ClusterIT {

  static final JsonObject PRESENCE = new JsonObject().put("presence", true).put("joinLeave", true);
  static final JsonObject CONFIG = new JsonObject()
      .put("channels", new JsonObject().put("namespaces", new JsonObject().put("room", PRESENCE)));

  TestCluster cluster;
  List<TestHub> nodes;

  @BeforeEach
  void startCluster() {
    cluster = TestCluster.start(3, CONFIG);
    nodes = cluster.nodes();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  WsClient client(TestHub node, String user) {
    return cluster.client(node, user);
  }

  @Test
  void publicationOnOneNodeReachesEverySubscriberOnEveryNodeExactlyOnce() {
    List<WsClient> clients = new ArrayList<>();
    for (TestHub n : nodes) {
      for (int i = 0; i < 3; i++) {
        WsClient c = client(n, "u" + i);
        c.subscribe("fanout");
        clients.add(c);
      }
    }
    nodes.get(0).apiResult("publish", new JsonObject().put("channel", "fanout").put("data", new JsonObject().put("n", 1)));
    for (WsClient c : clients) {
      JsonObject push = c.push().getJsonObject("push");
      assertEquals("fanout", push.getString("channel"));
      assertEquals(1, push.getJsonObject("pub").getJsonObject("data").getInteger("n"));
    }
    for (WsClient c : clients) {
      assertNull(c.pollPush(Duration.ofMillis(200)), "each subscriber gets the publication exactly once");
      c.fin();
    }
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  void clientPublicationReachesSubscribersOnOtherNodes() {
    WsClient reader = client(nodes.get(1), "reader");
    reader.subscribe("chat:x");
    WsClient writer = client(nodes.get(2), "writer");
    assertTrue(writer.call("publish", new JsonObject().put("channel", "chat:x").put("data", "hello")).containsKey("publish"));
    JsonObject pub = reader.push().getJsonObject("push").getJsonObject("pub");
    assertEquals("hello", pub.getString("data"));
    assertEquals("writer", pub.getJsonObject("info").getString("user"));
  }

  @Test
  void disconnectByUserClosesTheUsersSessionsOnEveryNode() {
    WsClient onB = client(nodes.get(1), "target");
    WsClient onC = client(nodes.get(2), "target");
    WsClient bystander = client(nodes.get(2), "bystander");
    nodes.get(0).apiResult("disconnect", new JsonObject().put("user", "target"));
    assertEquals(3503, onB.awaitClosed().code());
    assertEquals(3503, onC.awaitClosed().code());
    assertTrue(!bystander.isClosed());
  }

  @Test
  void infoListsEveryNodeAndChannelsAreCountedClusterWide() {
    WsClient a = client(nodes.get(0), "x");
    a.subscribe("counted");
    WsClient b = client(nodes.get(1), "y");
    b.subscribe("counted");
    JsonObject info = nodes.get(2).apiResult("info", new JsonObject()).getJsonObject("result");
    assertEquals(3, info.getJsonArray("nodes").size());
    JsonObject channels = nodes.get(2).apiResult("channels", new JsonObject().put("pattern", "count*"))
        .getJsonObject("result").getJsonObject("channels");
    assertEquals(2, channels.getJsonObject("counted").getInteger("num_clients"));
  }

  @Test
  void aLeavingMemberTakesItsPresenceWithItAndTheOthersRebalance() {
    String channel = "room:" + UUID.randomUUID();
    WsClient watcher = client(nodes.get(0), "watcher");
    ClusterPresenceIT.subscribe(watcher, channel, true);
    TestHub fourth = TestHub.start(cluster.nodeConfig());
    try {
      Await.equal("four members", 4, () -> nodes.get(0).node().clusterSize());
      WsClient leaving = client(fourth, "leaver");
      leaving.subscribe(channel);
      assertEquals("leaver", ClusterPresenceIT.joinOrLeave(watcher, "join", "leaver").getString("user"));
      Await.equal("presence with the fourth node's client", 2, () -> ClusterPresenceIT.presence(nodes.get(1), channel).size());
      Await.result(fourth.node().stop().toCompletionStage(), Duration.ofSeconds(60));
      assertEquals(3001, leaving.awaitClosed().code());
      assertEquals("leaver", ClusterPresenceIT.joinOrLeave(watcher, "leave", "leaver").getString("user"));
      Await.equal("members after leave", 3, () -> nodes.get(0).node().clusterSize());
      Await.equal("presence after leave", 1, () -> ClusterPresenceIT.presence(nodes.get(1), channel).size());
      assertEquals(3, nodes.get(1).apiResult("info", new JsonObject()).getJsonObject("result").getJsonArray("nodes").size());
    } finally {
      fourth.close();
    }
  }

  @Test
  void readyOnlyWhileTheNodeIsPartOfTheCluster() {
    for (TestHub n : nodes) {
      assertEquals(200, n.get("/ready").statusCode(), "joined and listening");
    }
    TestHub lost = nodes.get(2);
    // What a fatal Hazelcast error, or an operator's terminate, does: the member is gone at once, Vert.x still up.
    TestCluster.hazelcast(lost).getLifecycleService().terminate();
    Await.until("/ready of the node that left answers 503", () -> lost.get("/ready").statusCode() == 503);
    assertTrue(lost.get("/ready").body().contains("clusterJoined=false"), () -> lost.get("/ready").body());
    Await.equal("the others see it leave", 2, () -> nodes.get(0).node().clusterSize());
    assertEquals(200, nodes.get(0).get("/ready").statusCode());
    assertEquals(200, nodes.get(1).get("/ready").statusCode());
  }

  @Test
  void subscribingAndUnsubscribingNeverWriteToTheClusterSubscriptionMap() {
    HazelcastInstance hazelcast = TestCluster.hazelcast(nodes.get(0));
    int before = hazelcast.getMultiMap("__vertx.subs").size();
    assertTrue(before > 0, "the fixed consumers are there");
    List<WsClient> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      WsClient c = client(nodes.get(i % 3), "sub" + i);
      for (int ch = 0; ch < 10; ch++) {
        c.subscribe("many-" + i + "-" + ch);
      }
      clients.add(c);
    }
    // Every subscription is live: a publication to each channel reaches its subscriber, across nodes.
    for (int i = 0; i < 20; i++) {
      nodes.get((i + 1) % 3).apiResult("publish", new JsonObject().put("channel", "many-" + i + "-9").put("data", i));
      assertEquals(i, clients.get(i).push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
    }
    assertEquals(200L, nodes.stream().mapToLong(n -> n.live().subscriptions()).sum());
    assertEquals(before, hazelcast.getMultiMap("__vertx.subs").size(), "200 subscriptions on 200 channels");
    for (int i = 0; i < 20; i++) {
      for (int ch = 0; ch < 5; ch++) {
        clients.get(i).call("unsubscribe", new JsonObject().put("channel", "many-" + i + "-" + ch));
      }
    }
    assertEquals(100L, nodes.stream().mapToLong(n -> n.live().subscriptions()).sum());
    assertEquals(before, hazelcast.getMultiMap("__vertx.subs").size(), "100 unsubscriptions");
    clients.forEach(WsClient::fin);
    nodes.forEach(TestHub::assertIdle);
    assertEquals(before, hazelcast.getMultiMap("__vertx.subs").size(), "20 sessions closed");
  }
}
