package hub.cluster;

import hub.support.Await;
import hub.support.HubProcess;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hub processes on loopback; one is killed with SIGKILL while a publisher keeps publishing through a
 * survivor's HTTP API. The survivors answer every publication and their clients miss none, the dead node's clients
 * reconnect to them and receive what is published next, and nothing of the dead node stays in presence, in the
 * member count or in {@code /api/info}. The presence TTL is set far above the wait, so only the purge on Hazelcast's
 * member-removed event can explain the ghosts going. Then a survivor is stopped with SIGTERM: it drains with 3001
 * and exits 0.
 */
@Tag("cluster")
class NodeKillIT {

  /** Far longer than the test waits for the ghosts: the TTL cannot be what removes them. */
  static final int PRESENCE_TTL_MS = 120_000;
  /** Hazelcast declares a silent member dead after 10 s (cluster.xml); the purge follows at once. */
  static final Duration GHOSTS_GONE_WITHIN = Duration.ofSeconds(20);

  final List<HubProcess> processes = new ArrayList<>();
  final List<WsClient> clients = new ArrayList<>();
  Traffic traffic;

  @AfterEach
  void cleanUp() {
    if (traffic != null) {
      traffic.stop();
    }
    clients.forEach(WsClient::reset);
    processes.forEach(HubProcess::close);
  }

  HubProcess node(String name, String cluster) {
    HubProcess p = HubProcess.start(name, new JsonObject()
        .put("cluster", new JsonObject().put("enabled", true).put("name", cluster)
            .put("configFile", Path.of("cluster.xml").toAbsolutePath().toString()).put("presenceTtlMs", PRESENCE_TTL_MS))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true).put("joinLeave", true)))));
    processes.add(p);
    return p;
  }

  WsClient client(HubProcess node, String user, String channel) {
    WsClient c = WsClient.connected(node.port(), user);
    JsonObject reply = c.call("subscribe", new JsonObject().put("channel", channel).put("join_leave", true));
    assertTrue(reply.containsKey("subscribe"), reply::encode);
    clients.add(c);
    return c;
  }

  @Test
  void killedNodeUnderTrafficLeavesNoGhostsAndItsClientsCarryOnElsewhere() {
    String cluster = "hub-kill-" + UUID.randomUUID();
    // The first node forms the cluster alone; the others then join it (at once, they could form two).
    HubProcess a = node("a", cluster);
    a.awaitReady(Duration.ofSeconds(90));
    HubProcess b = node("b", cluster);
    HubProcess c = node("c", cluster);
    b.awaitReady(Duration.ofSeconds(90));
    c.awaitReady(Duration.ofSeconds(90));
    Await.until("three members in a's /api/info", Duration.ofSeconds(60),
        () -> a.api("info", new JsonObject()).getJsonArray("nodes").size() == 3);

    String room = "room:" + UUID.randomUUID();
    WsClient watcher = client(a, "watcher", room);
    WsClient bea = client(b, "bea", room);
    WsClient victim1 = client(c, "cid", room);
    WsClient victim2 = client(c, "cora", room);
    Await.until("four present", () -> presence(a, room).size() == 4);
    List<WsClient> readers = List.of(client(a, "reader-a", "traffic"), client(b, "reader-b", "traffic"));
    traffic = Traffic.start(a, "traffic");
    Await.until("traffic flows to both survivors", () -> traffic.sent() >= 20);

    c.kill();
    long killedAt = System.nanoTime();
    for (HubProcess survivor : List.of(a, b)) {
      Await.until("presence on a survivor purged of the dead node's clients", GHOSTS_GONE_WITHIN,
          () -> presence(survivor, room).fieldNames().equals(Set.of(watcher.clientId(), bea.clientId())));
    }
    long purgeMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("presence purged " + purgeMs + " ms after SIGKILL (TTL " + PRESENCE_TTL_MS + " ms)");
    Await.until("watcher told both dead clients left", GHOSTS_GONE_WITHIN,
        () -> leftUsers(watcher).containsAll(List.of("cid", "cora")));
    assertEquals(-1, victim1.awaitClosed().code(), "the dead node's clients lose their connection");
    victim2.awaitClosed();
    for (HubProcess survivor : List.of(a, b)) {
      Await.until("hub_cluster_members 2 on a survivor", GHOSTS_GONE_WITHIN,
          () -> survivor.metric("hub_cluster_members") == 2.0);
      Await.until("/api/info on a survivor lists two nodes", GHOSTS_GONE_WITHIN,
          () -> survivor.api("info", new JsonObject()).getJsonArray("nodes").size() == 2);
      assertEquals(2, survivor.api("channels", new JsonObject().put("pattern", "room:*")).getJsonObject("channels")
          .getJsonObject(room).getInteger("num_clients"), "subscriber counts hold the survivors' clients only");
      assertEquals(200, survivor.status("/ready"));
    }

    // The dead node's clients come back on a survivor, as the SDK does by itself, and miss nothing published next.
    WsClient back1 = client(b, "cid", room);
    WsClient back2 = client(a, "cora", room);
    a.api("publish", new JsonObject().put("channel", room).put("data", "after the crash"));
    for (WsClient w : List.of(back1, back2)) {
      Await.until("publication after the crash", Duration.ofSeconds(10), () -> hasPublication(w, "after the crash"));
    }
    assertEquals(4, presence(b, room).size());

    int published = traffic.stop();
    assertEquals(List.of(), traffic.failures(), "every publication through the survivor answered without error");
    for (WsClient reader : readers) {
      assertEquals(IntStream.range(0, published).boxed().toList(), received(reader, published),
          "a survivor's client received every publication, in order, across the kill");
    }

    int exit = b.terminate(Duration.ofSeconds(60));
    assertEquals(0, exit, "SIGTERM drains and exits 0; log: " + b.log());
    assertEquals(3001, back1.awaitClosed().code());
    Await.until("a alone in the cluster", Duration.ofSeconds(20),
        () -> a.api("info", new JsonObject()).getJsonArray("nodes").size() == 1);
    Await.until("b's clients gone from presence", Duration.ofSeconds(20), () -> presence(a, room).size() == 2);
    assertEquals(200, a.status("/ready"));
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

  private static List<Integer> received(WsClient reader, int count) {
    List<Integer> data = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      data.add(reader.push().getJsonObject("push").getJsonObject("pub").getInteger("data"));
    }
    return data;
  }

  /**
   * A publisher on its own thread: numbered publications through one node's HTTP API, each sent when the one before
   * was answered, every answer that is not HTTP 200 with an empty result recorded as a failure.
   */
  static final class Traffic {
    private static final long PAUSE_MS = 20;
    private final HubProcess via;
    private final String channel;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int sent;

    private Traffic(HubProcess via, String channel) {
      this.via = via;
      this.channel = channel;
      this.thread = new Thread(this::run, "traffic-" + channel);
      thread.setDaemon(true);
    }

    static Traffic start(HubProcess via, String channel) {
      Traffic t = new Traffic(via, channel);
      t.thread.start();
      return t;
    }

    private void run() {
      while (running) {
        int seq = sent;
        try {
          HttpResponse<String> r = via.post("publish", new JsonObject().put("channel", channel).put("data", seq));
          if (r.statusCode() != 200 || !new JsonObject(r.body()).equals(new JsonObject().put("result", new JsonObject()))) {
            failures.add(seq + ": " + r.statusCode() + " " + r.body());
          }
        } catch (Exception e) {
          failures.add(seq + ": " + e);
        }
        sent = seq + 1;
        Await.sleep(PAUSE_MS);
      }
    }

    int sent() {
      return sent;
    }

    /** Stops after the publication in flight; returns how many were sent. */
    int stop() {
      running = false;
      try {
        thread.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return sent;
    }

    List<String> failures() {
      return failures;
    }
  }
}
