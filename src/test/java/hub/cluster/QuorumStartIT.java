package hub.cluster;

import hub.support.Await;
import hub.support.LogCapture;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first member of a cluster with {@code cluster.quorum} 2 starts below the quorum (issue 10, split-brain
 * leftovers). It used to open the presence map at once, and Hazelcast refused the proxy's initialisation with a
 * WARN and a stack trace ("Error while initializing proxy: IMap hub.presence", SplitBrainProtectionException) at
 * every such start. Now the store waits for the quorum before it touches the map: the start logs no such WARN, and
 * a session that subscribed before the quorum is in presence once the second member arrives (the store's
 * generation moves when it opens the map, and the owner writes its entries again).
 */
@Tag("cluster")
class QuorumStartIT {

  /** Far longer than the test's waits, so a refresh on its usual schedule cannot explain the entry coming back. */
  static final int PRESENCE_TTL_MS = 90_000;

  final String name = "hub-quorum-start-" + UUID.randomUUID();
  final List<TestHub> nodes = new ArrayList<>();
  final List<WsClient> clients = new ArrayList<>();
  LogCapture hazelcastLog;

  @BeforeEach
  void captureHazelcast() {
    hazelcastLog = LogCapture.of("com.hazelcast");
  }

  @AfterEach
  void cleanUp() {
    hazelcastLog.close();
    clients.forEach(WsClient::reset);
    nodes.forEach(TestHub::close);
  }

  JsonObject nodeConfig() {
    return new JsonObject()
        .put("cluster", new JsonObject().put("enabled", true).put("name", name).put("quorum", 2)
            .put("presenceTtlMs", PRESENCE_TTL_MS))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("room", new JsonObject()
            .put("presence", true).put("joinLeave", true))));
  }

  @Test
  void aFirstMemberBelowQuorumStartsQuietlyAndItsEarlySessionsAreInPresenceOnceTheQuorumArrives() {
    TestHub first = TestHub.start(nodeConfig());
    nodes.add(first);
    assertEquals(503, first.get("/ready").statusCode(), "alone, below the quorum, the node is not ready");
    String ch = "room:" + UUID.randomUUID();
    WsClient ann = WsClient.connected(first.port(), "ann"); // a client that ignores readiness, or a direct one
    clients.add(ann);
    JsonObject r = ann.call("subscribe", new JsonObject().put("channel", ch).put("join_leave", true));
    assertTrue(r.containsKey("subscribe"), r::encode);
    assertTrue(users(first, ch).iterator().next().startsWith("<"), "below the quorum presence is refused");

    TestHub second = TestHub.start(nodeConfig());
    nodes.add(second);
    for (TestHub n : nodes) {
      Await.equal("ready once the quorum is met", 200, () -> n.get("/ready").statusCode());
    }
    for (TestHub n : nodes) {
      Await.until("the session from before the quorum is in presence through every node", Duration.ofSeconds(30),
          () -> Set.of("ann").equals(users(n, ch)));
    }
    WsClient bob = WsClient.connected(second.port(), "bob");
    clients.add(bob);
    assertTrue(bob.call("subscribe", new JsonObject().put("channel", ch)).containsKey("subscribe"));
    Await.equal("presence after the quorum as well", Set.of("ann", "bob"), () -> users(first, ch));

    List<LogRecord> refused = hazelcastLog.records(rec -> rec.getLevel().intValue() >= Level.WARNING.intValue()
        && (Quorum.refused(rec.getThrown()) || String.valueOf(rec.getMessage()).contains("initializing proxy")));
    assertEquals(List.of(), refused.stream().map(x -> x.getLoggerName() + ": " + x.getMessage()).toList(),
        "a start below the quorum is no fault: no Hazelcast WARN about the refused presence map");

    ann.fin();
    bob.fin();
    for (TestHub n : nodes) {
      Await.equal("presence empty", Set.of(), () -> users(n, ch));
      n.assertIdle();
    }
  }

  /** The users in presence through {@code node}, or the answer in angle brackets when it is not a result. */
  static Set<String> users(TestHub node, String channel) {
    HttpResponse<String> r = node.api("presence", new JsonObject().put("channel", channel));
    JsonObject body = new JsonObject(r.body());
    if (!body.containsKey("result")) {
      return Set.of("<" + r.body() + ">");
    }
    Set<String> users = new TreeSet<>();
    body.getJsonObject("result").getJsonObject("presence")
        .forEach(e -> users.add(((JsonObject) e.getValue()).getString("user")));
    return users;
  }
}
