package hub.cluster;

import hub.support.Await;
import hub.support.HubProcess;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hub processes; one is killed with SIGKILL under traffic. The survivors keep serving, its clients reconnect
 * to them and receive what is published next, and nothing of the dead node stays in presence, in the member count
 * or in {@code /api/info}. Then a survivor is stopped with SIGTERM: it drains with 3001 and exits 0.
 */
@Tag("cluster")
class NodeKillIT {

  final List<HubProcess> processes = new ArrayList<>();
  final List<WsClient> clients = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    clients.forEach(WsClient::reset);
    processes.forEach(HubProcess::close);
  }

  HubProcess node(String name, String cluster) {
    HubProcess p = HubProcess.start(name, new JsonObject()
        .put("cluster", new JsonObject().put("enabled", true).put("name", cluster)
            .put("configFile", Path.of("cluster.xml").toAbsolutePath().toString()).put("presenceTtlMs", 15_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true).put("joinLeave", true)))));
    processes.add(p);
    return p;
  }

  WsClient client(HubProcess node, String user, String channel) {
    WsClient c = WsClient.connected(node.port(), user);
    c.call("subscribe", new JsonObject().put("channel", channel).put("join_leave", true));
    clients.add(c);
    return c;
  }

  @Test
  void killedNodeLeavesNoGhostsAndItsClientsCarryOnElsewhere() {
    String cluster = "hub-kill-" + UUID.randomUUID();
    HubProcess a = node("a", cluster);
    HubProcess b = node("b", cluster);
    HubProcess c = node("c", cluster);
    for (HubProcess p : processes) {
      p.awaitReady(Duration.ofSeconds(90));
    }
    Await.until("three members in a's /api/info", Duration.ofSeconds(60),
        () -> a.api("info", new JsonObject()).getJsonArray("nodes").size() == 3);

    String room = "room:" + UUID.randomUUID();
    WsClient watcher = client(a, "watcher", room);
    client(b, "bea", room);
    WsClient victim1 = client(c, "cid", room);
    WsClient victim2 = client(c, "cora", room);
    Await.until("four present", () -> presence(a, room).size() == 4);

    c.kill();
    long killedAt = System.nanoTime();
    Await.until("presence purged of the dead node's clients", Duration.ofSeconds(20), () -> presence(a, room).size() == 2);
    long purgeMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("presence purged " + purgeMs + " ms after SIGKILL");
    Await.until("watcher told both dead clients left", Duration.ofSeconds(20),
        () -> leftUsers(watcher).containsAll(List.of("cid", "cora")));
    assertEquals(-1, victim1.awaitClosed().code(), "the dead node's clients lose their connection");
    victim2.awaitClosed();
    Await.until("survivors list two nodes", Duration.ofSeconds(20),
        () -> a.api("info", new JsonObject()).getJsonArray("nodes").size() == 2
            && b.api("info", new JsonObject()).getJsonArray("nodes").size() == 2);
    assertEquals(200, a.status("/ready"));
    assertEquals(200, b.status("/ready"));

    // The dead node's clients come back on a survivor, as the SDK does by itself, and miss nothing published next.
    WsClient back1 = client(b, "cid", room);
    WsClient back2 = client(a, "cora", room);
    a.api("publish", new JsonObject().put("channel", room).put("data", "after the crash"));
    for (WsClient w : List.of(back1, back2)) {
      Await.until("publication after the crash", Duration.ofSeconds(10), () -> hasPublication(w, "after the crash"));
    }
    assertEquals(4, presence(b, room).size());

    int exit = b.terminate(Duration.ofSeconds(60));
    assertEquals(0, exit, "SIGTERM drains and exits 0; log: " + b.log());
    assertEquals(3001, back1.awaitClosed().code());
    Await.until("a alone in the cluster", Duration.ofSeconds(20),
        () -> a.api("info", new JsonObject()).getJsonArray("nodes").size() == 1);
    Await.until("b's clients gone from presence", Duration.ofSeconds(20), () -> presence(a, room).size() == 2);
    assertTrue(a.status("/ready") == 200);
  }

  static JsonObject presence(HubProcess node, String channel) {
    return node.api("presence", new JsonObject().put("channel", channel)).getJsonObject("presence");
  }

  private final List<String> left = new ArrayList<>();

  private List<String> leftUsers(WsClient watcher) {
    JsonObject push;
    while ((push = watcher.pollPush(Duration.ofMillis(50))) != null) {
      JsonObject p = push.getJsonObject("push");
      if (p.containsKey("leave")) {
        left.add(p.getJsonObject("leave").getJsonObject("info").getString("user"));
      }
    }
    return left;
  }

  private static boolean hasPublication(WsClient client, String data) {
    JsonObject push;
    while ((push = client.pollPush(Duration.ofMillis(50))) != null) {
      JsonObject pub = push.getJsonObject("push").getJsonObject("pub");
      if (pub != null && data.equals(pub.getValue("data"))) {
        return true;
      }
    }
    return false;
  }
}
