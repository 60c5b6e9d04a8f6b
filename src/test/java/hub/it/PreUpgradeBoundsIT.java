package hub.it;

import hub.support.Await;
import hub.support.RawHttp;
import hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections that never ask for anything are bounded before any upgrade (issue 10 item 5): a silent TCP
 * connection is cut after the header timeout, every connection waiting on its client is counted in
 * {@code hub.http.pending}, and one address may hold only {@code http.maxPendingPerAddress} of them, while other
 * addresses (127.0.0.2, 127.0.0.3: all of 127/8 is loopback) are not affected. Raw sockets throughout.
 */
class PreUpgradeBoundsIT {

  private static final Duration ENDS_WITHIN = Duration.ofSeconds(15);
  private static final int CAP = 3;

  private static double cut(TestHub hub, String reason) {
    return hub.node().registry().get("hub.http.cut").tag("reason", reason).counter().count();
  }

  /** From the registry: a scrape would open an HTTP connection of its own, which the gauge counts. */
  private static double pending(TestHub hub) {
    return hub.node().registry().get("hub.http.pending").gauge().value();
  }

  @Test
  void aSilentConnectionIsCutAfterTheHeaderTimeout() {
    try (TestHub hub = TestHub.start(new JsonObject().put("http", new JsonObject().put("headerTimeoutMs", 500)))) {
      double before = cut(hub, "header");
      try (RawHttp silent = RawHttp.open(hub.port())) {
        assertTrue(silent.awaitEnd(ENDS_WITHIN), "a connection that never sent a byte is open after " + ENDS_WITHIN);
        assertEquals("", silent.received(), "nothing to answer: no request came");
      }
      Await.equal("hub.http.cut{reason=header}", before + 1, () -> cut(hub, "header"));
      hub.assertIdle();
    }
  }

  @Test
  void oneAddressHoldsAtMostItsCapOfWaitingConnectionsAndOthersAreNotAffected() {
    try (TestHub hub = TestHub.start(new JsonObject().put("http", new JsonObject()
        .put("headerTimeoutMs", 60_000).put("maxPendingPerAddress", CAP)))) {
      double base = pending(hub);
      double refusedBefore = cut(hub, "address");
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < CAP; i++) {
          held.add(RawHttp.open("127.0.0.2", hub.port()));
        }
        Await.equal("hub.http.pending with " + CAP + " silent connections", base + CAP, () -> pending(hub));

        try (RawHttp over = RawHttp.open("127.0.0.2", hub.port())) {
          assertTrue(over.awaitEnd(ENDS_WITHIN), "connection " + (CAP + 1) + " from 127.0.0.2 was kept");
        }
        Await.equal("hub.http.cut{reason=address}", refusedBefore + 1, () -> cut(hub, "address"));

        // Another address has its own count.
        RawHttp other = RawHttp.open("127.0.0.3", hub.port());
        held.add(other);
        Await.equal("hub.http.pending with a fourth, from 127.0.0.3", base + CAP + 1, () -> pending(hub));
        assertFalse(other.awaitEnd(Duration.ofMillis(300)), "127.0.0.3 was refused for 127.0.0.2's count");
        for (RawHttp c : held) {
          assertFalse(c.awaitEnd(Duration.ofMillis(1)), "a connection within the cap was closed");
        }

        // An upgraded socket waits on nobody: it gives its place back, and the address may open another.
        RawHttp upgraded = held.remove(0);
        upgraded.write("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(upgraded.readUntil("\r\n\r\n", ENDS_WITHIN).startsWith("HTTP/1.1 101"), upgraded.received());
        held.add(upgraded);
        Await.equal("hub.http.pending once one of them upgraded", base + CAP, () -> pending(hub));
        RawHttp again = RawHttp.open("127.0.0.2", hub.port());
        held.add(again);
        Await.equal("hub.http.pending with a new one from 127.0.0.2", base + CAP + 1, () -> pending(hub));
        assertFalse(again.awaitEnd(Duration.ofMillis(300)), "the place the upgrade gave back was not free");
      } finally {
        held.forEach(RawHttp::close);
      }
      Await.equal("hub.http.pending after the clients left", base, () -> pending(hub));
      hub.assertIdle();
    }
  }

  /**
   * The node-wide cap ({@code http.maxPending}) over several addresses and both gateways: one more connection is
   * closed on accept and counted as {@code pending_cap}; the places come back on every exit (silent clients that
   * vanish, an upgrade, a header timeout), and the gauge returns to where it started.
   */
  @Test
  void theNodeHoldsAtMostItsCapOfWaitingConnectionsOverEveryAddress() {
    int nodeCap = 4;
    try (TestHub hub = TestHub.start(new JsonObject().put("http", new JsonObject()
        .put("headerTimeoutMs", 4_000).put("maxPendingPerAddress", 100).put("maxPending", nodeCap)))) {
      double base = pending(hub);
      double cutBefore = cut(hub, "pending_cap");
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < nodeCap; i++) {
          held.add(RawHttp.open("127.0.0." + (10 + i), hub.port()));
        }
        Await.equal("hub.http.pending with " + nodeCap + " silent connections", base + nodeCap, () -> pending(hub));
        try (RawHttp over = RawHttp.open("127.0.0.20", hub.port())) {
          assertTrue(over.awaitEnd(ENDS_WITHIN), "connection " + (nodeCap + 1) + " was kept past the node's cap");
        }
        Await.equal("hub.http.cut{reason=pending_cap}", cutBefore + 1, () -> cut(hub, "pending_cap"));
        assertEquals(0.0, cut(hub, "address"), "refused by the node's cap, not its address's");

        // Two vanish without a byte: their places come back at once, not at their deadline.
        held.remove(0).close();
        held.remove(0).close();
        Await.equal("hub.http.pending after two silent clients vanished", base + nodeCap - 2, () -> pending(hub));
        // One upgrades: it waits on nobody from then on.
        RawHttp upgraded = RawHttp.open("127.0.0.21", hub.port());
        held.add(upgraded);
        upgraded.write("GET /connection/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(upgraded.readUntil("\r\n\r\n", ENDS_WITHIN).startsWith("HTTP/1.1 101"), upgraded.received());
        Await.equal("hub.http.pending once one upgraded", base + nodeCap - 2, () -> pending(hub));
        // The freed places take new connections again, up to the cap and not one more.
        held.add(RawHttp.open("127.0.0.22", hub.port()));
        held.add(RawHttp.open("127.0.0.23", hub.port()));
        Await.equal("hub.http.pending back at the cap", base + nodeCap, () -> pending(hub));
        try (RawHttp over = RawHttp.open("127.0.0.24", hub.port())) {
          assertTrue(over.awaitEnd(ENDS_WITHIN), "the cap did not hold after places were given back");
        }
        Await.equal("hub.http.cut{reason=pending_cap}", cutBefore + 2, () -> cut(hub, "pending_cap"));
        // The silent ones that stay are cut at their header deadline, which gives their places back too.
        Await.equal("hub.http.pending once the header timeout cut the rest", base, () -> pending(hub));
      } finally {
        held.forEach(RawHttp::close);
      }
      Await.equal("hub.http.pending after the clients left", base, () -> pending(hub));
      hub.assertIdle();
    }
  }
}
