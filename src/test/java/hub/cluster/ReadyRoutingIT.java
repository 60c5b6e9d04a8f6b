package hub.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A node (re)started into a running cluster turns ready only once the others route publications to it (issue 10,
 * item 14): a client that connects the moment {@code /ready} answers 200 receives what is published through another
 * node next. The first test makes the window wide on purpose: the publishing node's Hazelcast event thread (one
 * here) is kept busy while the new node starts, so it learns of the new node's consumers seconds late, as a loaded
 * member would; the second restarts a node a few times, as a rolling deploy would.
 */
@Tag("cluster")
class ReadyRoutingIT {

  static final int RESTARTS = 2;
  /** How long the publisher's event thread is kept busy once the new member joined. */
  static final long EVENTS_LATE_MS = 6_000;

  TestCluster cluster;
  TestHub joiner;

  @AfterEach
  void stop() {
    if (joiner != null) {
      joiner.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNodeWhosePeersLearnOfItLateTurnsReadyOnlyOnceTheyRouteToIt() {
    // Members read the property at creation: one event thread each for the two nodes started here.
    System.setProperty("hazelcast.event.thread.count", "1");
    try {
      cluster = TestCluster.start(2, new JsonObject());
    } finally {
      System.clearProperty("hazelcast.event.thread.count");
    }
    TestHub publisher = cluster.node(0);
    HazelcastInstance hz = TestCluster.hazelcast(publisher);
    IMap<String, String> blocker = hz.getMap("ready-routing-blocker");
    blocker.addEntryListener((EntryAddedListener<String, String>) e -> Await.sleep(EVENTS_LATE_MS), false);
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        blocker.putAsync(UUID.randomUUID().toString(), "busy"); // its event holds the publisher's event thread
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
      }
    });
    warmRoutes(publisher);
    joiner = TestHub.start(cluster.nodeConfig());
    Await.until("the joiner ready", Duration.ofSeconds(60), () -> joiner.get("/ready").statusCode() == 200);
    receivesThroughAnotherNode(joiner, publisher, "late");
  }

  @Test
  void aClientConnectingTheMomentANewNodeIsReadyReceivesPublicationsFromTheOthers() {
    cluster = TestCluster.start(2, new JsonObject());
    TestHub publisher = cluster.node(0);
    for (int i = 0; i < RESTARTS; i++) {
      warmRoutes(publisher);
      TestHub node = TestHub.start(cluster.nodeConfig());
      joiner = node;
      Await.until("the joiner ready", Duration.ofSeconds(60), () -> node.get("/ready").statusCode() == 200);
      receivesThroughAnotherNode(node, publisher, "restart " + i);
      joiner = null;
      node.close();
      Await.equal("the joiner left", 2, () -> publisher.node().clusterSize());
    }
  }

  /**
   * A publication through {@code publisher}, so that its event bus holds the fan-out address's routes in its cache,
   * as a node of a busy cluster always does (a cold cache is read afresh and would hide the late update).
   */
  static void warmRoutes(TestHub publisher) {
    publisher.apiResult("publish", new JsonObject().put("channel", "warm-up").put("data", "x"));
  }

  /** A client connected to {@code node} right now receives what is published through {@code publisher} next. */
  static void receivesThroughAnotherNode(TestHub node, TestHub publisher, String what) {
    String channel = "fresh-" + UUID.randomUUID();
    WsClient client = WsClient.connected(node.port(), "reader");
    try {
      client.subscribe(channel);
      publisher.apiResult("publish", new JsonObject().put("channel", channel).put("data", "first"));
      JsonObject push = client.pollPush(Duration.ofSeconds(3));
      assertNotNull(push, what + ": the publication through another node never reached the ready node");
      assertEquals("first", push.getJsonObject("push").getJsonObject("pub").getString("data"));
    } finally {
      client.fin();
    }
    node.assertIdle();
  }
}
