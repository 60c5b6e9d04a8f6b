package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drain over real sockets: while it runs the node is not ready and refuses upgrades, and its closes (all 3001)
 * are spread over the whole window rather than bunched at its start.
 */
class DrainIT {

  static final int SESSIONS = 20;
  static final Duration WINDOW = Duration.ofMillis(2_000);

  TestHub hub;

  @BeforeEach
  void start() {
    hub = TestHub.start();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void closesSpreadOverTheWholeWindowAllWith3001WhileTheNodeRefusesTraffic() {
    List<WsClient> clients = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      WsClient c = WsClient.connected(hub.port(), "user" + i);
      c.subscribe("news");
      clients.add(c);
    }
    long start = System.nanoTime();
    Future<Void> drained = hub.node().drain(WINDOW);

    assertEquals(503, hub.get("/ready").statusCode(), "not ready while draining");
    WsClient.Rejected refused = assertThrows(WsClient.Rejected.class, () -> WsClient.open(hub.port()));
    assertEquals(503, refused.status, "no new upgrades while draining");
    assertTrue(clients.stream().anyMatch(c -> !c.isClosed()), "both checks ran while sessions were still open");

    Await.result(drained.toCompletionStage(), WINDOW.plusSeconds(10));
    long[] closedAtMs = new long[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      WsClient c = clients.get(i);
      assertEquals(new WsClient.Closed(3001, "shutdown"), c.awaitClosed(), "client " + i);
      closedAtMs[i] = (c.closedAtNanos() - start) / 1_000_000;
    }
    long first = Long.MAX_VALUE;
    long last = 0;
    int[] quarters = new int[4];
    for (long t : closedAtMs) {
      first = Math.min(first, t);
      last = Math.max(last, t);
      quarters[(int) Math.min(3, t * 4 / WINDOW.toMillis())]++;
    }
    String seen = "close times (ms after the drain began): " + java.util.Arrays.toString(closedAtMs);
    assertTrue(last - first >= WINDOW.toMillis() * 3 / 4, "closes span most of the window; " + seen);
    for (int q = 0; q < 4; q++) {
      assertTrue(quarters[q] > 0, "some closes in quarter " + (q + 1) + " of the window; " + seen);
    }
    assertEquals((double) SESSIONS, hub.closed("shutdown"));
    assertEquals(1.0, hub.rejected("draining"));
    hub.assertIdle();
  }
}
