package hub.cluster;

import hub.support.Await;
import hub.support.StreamClient;
import hub.support.TestCluster;
import hub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /emulation} needs no sticky sessions: a request that reaches another node is relayed over the event bus
 * to the node named in its body, and once that node is gone the relay answers 404 (the SDK's stream has ended too,
 * and it reconnects).
 */
@Tag("cluster")
class EmulationClusterIT {

  @Test
  void emulationOnAnotherNodeReachesTheSessionAndAGoneNodeAnswers404() {
    Vertx vertx = Vertx.vertx();
    try (TestCluster cluster = TestCluster.start(2, new JsonObject())) {
      TestHub home = cluster.node(0);
      TestHub other = cluster.node(1);
      StreamClient c = StreamClient.connected(vertx, home.port(), StreamClient.HTTP_STREAM, "alice");
      assertEquals(home.node().nodeId(), c.node());

      String subscribe = new JsonObject().put("id", 2)
          .put("subscribe", new JsonObject().put("channel", "chat:room")).encode();
      assertEquals(204, c.emulate(other.port(), c.node(), subscribe), "relayed by the other node");
      assertTrue(c.reply(2).containsKey("subscribe"), "answered on the stream of the home node");

      String publish = new JsonObject().put("id", 3).put("publish", new JsonObject().put("channel", "chat:room")
          .put("data", new JsonObject().put("via", "other"))).encode();
      assertEquals(204, c.emulate(other.port(), c.node(), publish));
      assertTrue(c.reply(3).containsKey("publish"));
      assertEquals("other", c.push("pub").getJsonObject("pub").getJsonObject("data").getString("via"));

      c.drop();
      Await.until("the home node released the session", () -> home.closed("connection_lost", "http_stream") == 1.0);
      home.assertIdle();

      String homeId = home.node().nodeId();
      home.close();
      String body = new JsonObject().put("session", c.session()).put("node", homeId).put("data", "{}").encode();
      Await.until("a gone node answers 404", () -> StreamClient.postEmulation(vertx, other.port(), body) == 404);
      c.close();
    } finally {
      Await.result(vertx.close());
    }
  }
}
