package hub.cluster;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
 * Three clustered nodes in one JVM, joined through the shipped cluster.xml under a cluster name of their own (so
 * concurrent runs never join each other): fan-out, disconnect, presence and join/leave across nodes.
 */
@Tag("cluster")
class ClusterIT {

  static final JsonObject PRESENCE = new JsonObject().put("presence", true).put("joinLeave", true);
  static final List<TestHub> nodes = new ArrayList<>();
  /** Every client a test opens, reset afterwards so that one failing test cannot leave sessions to the next. */
  final List<WsClient> opened = new ArrayList<>();
  static String clusterName;

  static JsonObject clusteredConfig(String name) {
    return new JsonObject()
        .put("cluster", new JsonObject().put("enabled", true).put("name", name))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("room", PRESENCE)));
  }

  @BeforeAll
  static void startCluster() {
    clusterName = "hub-test-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      nodes.add(TestHub.start(clusteredConfig(clusterName)));
    }
    for (TestHub n : nodes) {
      Await.equal("cluster size seen by each node", 3, () -> n.node().clusterSize());
    }
  }

  @AfterEach
  void dropClients() {
    opened.forEach(WsClient::reset);
    nodes.forEach(TestHub::assertIdle);
  }

  WsClient client(TestHub node, String user) {
    WsClient c = WsClient.connected(node.port(), user);
    opened.add(c);
    return c;
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(TestHub::close);
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
  void publicationsFromOnePublisherArriveInOrderOnAnotherNode() {
    WsClient c = client(nodes.get(2), "reader");
    c.subscribe("ordered");
    for (int i = 0; i < 200; i++) {
      nodes.get(0).apiResult("publish", new JsonObject().put("channel", "ordered").put("data", i));
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(i, c.push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
    }
    c.fin();
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
    reader.fin();
    writer.fin();
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
    bystander.fin();
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  void presenceAndJoinLeaveSpanTheCluster() {
    String channel = "room:" + UUID.randomUUID();
    WsClient a = client(nodes.get(0), "ann");
    a.subscribe(channel);
    WsClient b = client(nodes.get(1), "bob");
    b.subscribe(channel);
    assertEquals("bob", joinOrLeave(a, "join", "bob").getString("user"), "ann on node A sees bob join on node B");
    WsClient c = client(nodes.get(2), "cyd");
    c.subscribe(channel);
    assertEquals("cyd", joinOrLeave(a, "join", "cyd").getString("user"));

    for (TestHub n : nodes) {
      Await.equal("presence seen through each node's API", 3, () -> presence(n, channel).size());
    }
    JsonObject fromClient = c.call("presence_stats", new JsonObject().put("channel", channel));
    assertEquals(new JsonObject().put("num_clients", 3).put("num_users", 3), fromClient.getJsonObject("presence_stats"));

    b.reset(); // vanishes without a close frame: presence and leave must still follow
    assertEquals("bob", joinOrLeave(a, "leave", "bob").getString("user"));
    Await.equal("presence after bob vanished", 2, () -> presence(nodes.get(2), channel).size());
    a.fin();
    c.fin();
    for (TestHub n : nodes) {
      Await.equal("presence empty", 0, () -> presence(n, channel).size());
      n.assertIdle();
    }
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
    a.fin();
    b.fin();
  }

  @Test
  void aLeavingMemberTakesItsPresenceWithItAndTheOthersRebalance() {
    String channel = "room:" + UUID.randomUUID();
    WsClient watcher = client(nodes.get(0), "watcher");
    watcher.subscribe(channel);
    TestHub fourth = TestHub.start(clusteredConfig(clusterName));
    try {
      Await.equal("four members", 4, () -> nodes.get(0).node().clusterSize());
      WsClient leaving = client(fourth, "leaver");
      leaving.subscribe(channel);
      assertEquals("leaver", joinOrLeave(watcher, "join", "leaver").getString("user"));
      Await.equal("presence with the fourth node's client", 2, () -> presence(nodes.get(1), channel).size());
      Await.result(fourth.node().stop().toCompletionStage(), java.time.Duration.ofSeconds(60));
      assertEquals(3001, leaving.awaitClosed().code());
      assertEquals("leaver", joinOrLeave(watcher, "leave", "leaver").getString("user"));
      Await.equal("members after leave", 3, () -> nodes.get(0).node().clusterSize());
      Await.equal("presence after leave", 1, () -> presence(nodes.get(1), channel).size());
      assertEquals(3, nodes.get(1).apiResult("info", new JsonObject()).getJsonObject("result").getJsonArray("nodes").size());
    } finally {
      fourth.close();
    }
    watcher.fin();
  }

  /** The ClientInfo of the next {@code kind} push about {@code user} (other pushes, own join included, skipped). */
  static JsonObject joinOrLeave(WsClient client, String kind, String user) {
    while (true) {
      JsonObject push = client.push().getJsonObject("push");
      if (push.containsKey(kind) && user.equals(push.getJsonObject(kind).getJsonObject("info").getString("user"))) {
        return push.getJsonObject(kind).getJsonObject("info");
      }
    }
  }

  static JsonObject presence(TestHub node, String channel) {
    return node.apiResult("presence", new JsonObject().put("channel", channel)).getJsonObject("result").getJsonObject("presence");
  }
}
