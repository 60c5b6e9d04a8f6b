package hub.cluster;

import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel streams across three clustered nodes: one sequencer per channel whatever node publishes, every
 * subscriber on every node sees every offset once and in order even when two nodes publish at once, recovery through
 * another node, idempotency keys recognised through another node, and no acknowledged publication lost when a
 * member dies. One cluster for the class; the test that kills a member runs last.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHistoryIT {

  static final JsonObject CONFIG = new JsonObject().put("channels", new JsonObject().put("namespaces",
      new JsonObject().put("room", new JsonObject().put("historySize", 1000).put("historyTtlMs", 120_000)
          .put("forceRecovery", true).put("allowPublish", true))));
  static final AtomicInteger CHANNELS = new AtomicInteger();

  static TestCluster cluster;
  static List<TestHub> nodes;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3, CONFIG);
    nodes = cluster.nodes();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String channel() {
    return "room:" + CHANNELS.incrementAndGet();
  }

  private static JsonObject publish(TestHub node, String channel, Object data) {
    JsonObject r = node.apiResult("publish", new JsonObject().put("channel", channel).put("data", data));
    if (!r.containsKey("result")) {
      throw new AssertionError("publish failed: " + r);
    }
    return r.getJsonObject("result");
  }

  private static long offsetOf(JsonObject push) {
    return push.getJsonObject("push").getJsonObject("pub").getLong("offset");
  }

  @Test
  @Order(1)
  void offsetsAreSequencedOncePerChannelWhicheverNodePublishes() {
    String ch = channel();
    List<WsClient> subs = new ArrayList<>();
    for (TestHub n : nodes) {
      WsClient c = cluster.client(n, "u");
      c.subscribe(ch);
      subs.add(c);
    }
    String epoch = null;
    for (int i = 1; i <= 6; i++) {
      JsonObject r = publish(nodes.get(i % 3), ch, i);
      assertEquals(i, r.getLong("offset"));
      if (epoch == null) {
        epoch = r.getString("epoch");
      }
      assertEquals(epoch, r.getString("epoch"), "one epoch whatever node publishes");
    }
    for (WsClient c : subs) {
      for (long expected = 1; expected <= 6; expected++) {
        assertEquals(expected, offsetOf(c.push()));
      }
      c.fin();
    }
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  @Order(2)
  void twoNodesPublishingAtOnceReachEverySubscriberInOrderWithoutLostPositions() throws Exception {
    String ch = channel();
    List<WsClient> subs = new ArrayList<>();
    for (TestHub n : nodes) {
      for (int i = 0; i < 2; i++) {
        WsClient c = cluster.client(n, "reader" + i);
        c.subscribe(ch);
        subs.add(c);
      }
    }
    int perPublisher = 150;
    List<Thread> publishers = new ArrayList<>();
    for (TestHub n : List.of(nodes.get(0), nodes.get(1))) {
      for (int t = 0; t < 2; t++) {
        publishers.add(new Thread(() -> {
          for (int i = 0; i < perPublisher; i++) {
            publish(n, ch, i);
          }
        }));
      }
    }
    Map<TestHub, Double> lostBefore = new HashMap<>();
    nodes.forEach(n -> lostBefore.put(n, n.scrape().value("hub_positions_lost_total")));
    publishers.forEach(Thread::start);
    for (Thread t : publishers) {
      t.join();
    }
    long total = 4L * perPublisher;
    for (WsClient c : subs) {
      for (long expected = 1; expected <= total; expected++) {
        assertEquals(expected, offsetOf(c.push()), "every offset once, strictly increasing");
      }
      assertNull(c.pollPush(Duration.ofMillis(100)), "nothing twice");
    }
    for (TestHub n : nodes) {
      assertEquals(lostBefore.get(n), n.scrape().value("hub_positions_lost_total"), "no 2500 from reordering");
    }
    subs.forEach(WsClient::fin);
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  @Order(3)
  void aClientRecoversThroughAnotherNodeWhatItMissed() {
    String ch = channel();
    WsClient first = cluster.client(nodes.get(0), "ann");
    JsonObject sub = first.subscribe(ch).getJsonObject("subscribe");
    publish(nodes.get(1), ch, "seen");
    long seen = offsetOf(first.push());
    first.reset();
    publish(nodes.get(1), ch, "missed-1");
    publish(nodes.get(0), ch, "missed-2");
    WsClient again = cluster.client(nodes.get(2), "ann");
    JsonObject r = again.call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", sub.getString("epoch")).put("offset", seen)).getJsonObject("subscribe");
    assertEquals(true, r.getBoolean("recovered"), r::encode);
    JsonArray pubs = r.getJsonArray("publications");
    assertEquals(List.of("missed-1", "missed-2"),
        List.of(pubs.getJsonObject(0).getString("data"), pubs.getJsonObject(1).getString("data")));
    publish(nodes.get(0), ch, "live");
    assertEquals(4L, offsetOf(again.push()));
    again.fin();
    nodes.forEach(TestHub::assertIdle);
  }

  @Test
  @Order(4)
  void anIdempotencyKeyIsRecognisedThroughAnotherNode() {
    String ch = channel();
    JsonObject body = new JsonObject().put("channel", ch).put("data", "once").put("idempotency_key", "retry-7");
    JsonObject first = nodes.get(0).apiResult("publish", body).getJsonObject("result");
    JsonObject retried = nodes.get(2).apiResult("publish", body).getJsonObject("result");
    assertEquals(first, retried);
    JsonObject history = nodes.get(1).apiResult("history", new JsonObject().put("channel", ch).put("limit", -1))
        .getJsonObject("result");
    assertEquals(1, history.getJsonArray("publications").size());
  }

  @Test
  @Order(5)
  void killingAMemberLosesNoAcknowledgedPublicationAndKeepsEveryEpoch() {
    // Enough channels that some live on the partitions of the member about to die.
    Map<String, String> epochs = new HashMap<>();
    for (int c = 0; c < 30; c++) {
      String ch = channel();
      for (int i = 0; i < 5; i++) {
        epochs.put(ch, publish(nodes.get(c % 3), ch, i).getString("epoch"));
      }
    }
    TestHub victim = nodes.get(2);
    TestCluster.hazelcast(victim).getLifecycleService().terminate();
    Await.until("survivors see two members", () -> nodes.get(0).node().clusterSize() == 2
        && nodes.get(1).node().clusterSize() == 2);
    for (Map.Entry<String, String> e : epochs.entrySet()) {
      JsonObject[] answer = new JsonObject[1];
      Await.until("history of " + e.getKey() + " once partitions settled", Duration.ofSeconds(30), () -> {
        answer[0] = nodes.get(0).apiResult("history", new JsonObject().put("channel", e.getKey()).put("limit", -1));
        return answer[0].containsKey("result");
      });
      JsonObject history = answer[0].getJsonObject("result");
      assertEquals(e.getValue(), history.getString("epoch"), "the stream of " + e.getKey() + " kept its epoch");
      assertEquals(5L, history.getLong("offset"));
      assertEquals(5, history.getJsonArray("publications").size(), "no acknowledged publication lost");
    }
    String ch = epochs.keySet().iterator().next();
    assertEquals(6L, publish(nodes.get(1), ch, "after").getLong("offset"), "sequencing goes on where it was");
    assertTrue(nodes.get(0).node().readiness().isReady());
  }
}
