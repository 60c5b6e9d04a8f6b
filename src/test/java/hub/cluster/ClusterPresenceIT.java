package hub.cluster;

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
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence and join/leave across three clustered nodes, a fresh cluster with a random name for each test: presence
 * is cluster-wide, and join/leave pushes reach, on every node, exactly the subscribers that asked for them (or every
 * subscriber where the namespace forces them).
 */
@Tag("cluster")
class ClusterPresenceIT {

  static final JsonObject CONFIG = new JsonObject()
      .put("channels", new JsonObject().put("namespaces", new JsonObject()
          .put("room", ClusterIT.PRESENCE)
          .put("lobby", new JsonObject().put("joinLeave", true).put("forcePushJoinLeave", true))));

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
  void presenceAndJoinLeaveSpanTheCluster() {
    String channel = "room:" + UUID.randomUUID();
    WsClient a = client(nodes.get(0), "ann");
    subscribe(a, channel, true);
    WsClient b = client(nodes.get(1), "bob");
    subscribe(b, channel, true);
    assertEquals("bob", joinOrLeave(a, "join", "bob").getString("user"), "ann on node A sees bob join on node B");
    WsClient c = client(nodes.get(2), "cyd");
    subscribe(c, channel, true);
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
  void joinLeaveReachesOnlyTheSubscribersThatAskedOnEveryNode() {
    String channel = "room:" + UUID.randomUUID();
    WsClient askedOnA = client(nodes.get(0), "ann");
    subscribe(askedOnA, channel, true);
    WsClient silentOnB = client(nodes.get(1), "bob");
    subscribe(silentOnB, channel, false);
    WsClient askedOnB = client(nodes.get(1), "bea");
    subscribe(askedOnB, channel, true);
    WsClient joiner = client(nodes.get(2), "cyd");
    subscribe(joiner, channel, false);
    joiner.call("unsubscribe", new JsonObject().put("channel", channel));
    for (WsClient listener : List.of(askedOnA, askedOnB)) {
      joinOrLeave(listener, "join", "cyd");
      joinOrLeave(listener, "leave", "cyd");
    }
    // Published from the joiner's node after its join and leave, so it reaches bob after them: if bob had been
    // sent either, it would come first.
    nodes.get(2).apiResult("publish", new JsonObject().put("channel", channel).put("data", "marker"));
    JsonObject first = silentOnB.push().getJsonObject("push");
    assertEquals("marker", first.getJsonObject("pub").getString("data"), () -> "bob did not ask: " + first);
    assertTrue(silentOnB.framesReceived().stream().noneMatch(f -> f.contains("\"join\"") || f.contains("\"leave\"")),
        () -> "bob received " + silentOnB.framesReceived());
  }

  @Test
  void aForcingNamespacePushesJoinLeaveToEverySubscriberOnEveryNode() {
    String channel = "lobby:" + UUID.randomUUID();
    WsClient onA = client(nodes.get(0), "ann");
    subscribe(onA, channel, false);
    WsClient onB = client(nodes.get(1), "bob");
    subscribe(onB, channel, false);
    WsClient joiner = client(nodes.get(2), "cyd");
    subscribe(joiner, channel, false);
    joiner.fin();
    for (WsClient listener : List.of(onA, onB)) {
      assertEquals("cyd", joinOrLeave(listener, "join", "cyd").getString("user"));
      assertEquals("cyd", joinOrLeave(listener, "leave", "cyd").getString("user"));
    }
  }

  static void subscribe(WsClient client, String channel, boolean joinLeave) {
    JsonObject params = new JsonObject().put("channel", channel);
    if (joinLeave) {
      params.put("join_leave", true);
    }
    JsonObject reply = client.call("subscribe", params);
    assertTrue(reply.containsKey("subscribe"), reply::encode);
  }

  /** The ClientInfo of the next {@code kind} push about {@code user} (other pushes, own join included, skipped). */
  static JsonObject joinOrLeave(WsClient client, String kind, String user) {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (true) {
      JsonObject push = client.push(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).getJsonObject("push");
      if (push.containsKey(kind) && user.equals(push.getJsonObject(kind).getJsonObject("info").getString("user"))) {
        return push.getJsonObject(kind).getJsonObject("info");
      }
    }
  }

  static JsonObject presence(TestHub node, String channel) {
    return node.apiResult("presence", new JsonObject().put("channel", channel)).getJsonObject("result").getJsonObject("presence");
  }
}
