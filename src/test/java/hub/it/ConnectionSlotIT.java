package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The node's connection slots ({@code client.maxConnections}) come back after every way a session can end, the
 * abrupt ones above all: fill the node, end the sessions, and as many new upgrades succeed. A slot is given back
 * only when the TCP connection is really gone, so this also proves that no exit leaves a socket behind.
 */
class ConnectionSlotIT {

  /** How the session in the slot ends. */
  enum Exit {
    CLOSE_FRAME, FIN, RST, NEVER_CONNECTS, STOPS_PONGING, OVERSIZED_MESSAGE, BROKEN_FRAMING, FORGED_TOKEN,
    API_DISCONNECT, NEVER_ANSWERS_CLOSE, STOPS_READING
  }

  private static TestHub hub(int maxConnections, Exit exit) {
    boolean slowTest = exit == Exit.STOPS_READING; // cut for its queue, not for a missed pong
    return TestHub.start(new JsonObject().put("client", new JsonObject()
        .put("maxConnections", maxConnections)
        .put("pingIntervalMs", slowTest ? 60_000 : 400)
        .put("pongTimeoutMs", slowTest ? 30_000 : 300)
        .put("connectTimeoutMs", 500)
        .put("maxMessageBytes", 4096)
        .put("maxQueuedBytes", 64 * 1024)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Exit.class)
  void theSlotComesBackAfterTheSessionEnds(Exit exit) {
    slotComesBack(exit);
  }

  private static void slotComesBack(Exit exit) {
    try (TestHub hub = hub(1, exit)) {
      WsClient c = occupy(hub, exit);
      assertFull(hub);
      end(hub, c, exit);
      WsClient next = awaitUpgrade(hub, exit.name());
      next.reset();
      hub.assertIdle();
    }
  }

  @Test
  void aFullNodeWhoseSessionsAllVanishTakesAsManyNewUpgrades() {
    List<Exit> exits = List.of(Exit.FIN, Exit.RST, Exit.NEVER_CONNECTS, Exit.STOPS_PONGING, Exit.NEVER_ANSWERS_CLOSE);
    try (TestHub hub = hub(exits.size(), Exit.FIN)) {
      List<WsClient> first = new ArrayList<>();
      for (Exit e : exits) {
        first.add(occupy(hub, e));
      }
      assertFull(hub);
      for (int i = 0; i < exits.size(); i++) {
        end(hub, first.get(i), exits.get(i));
      }
      List<WsClient> second = new ArrayList<>();
      for (int i = 0; i < exits.size(); i++) {
        second.add(awaitUpgrade(hub, "new upgrade " + (i + 1) + " of " + exits.size()));
      }
      second.forEach(WsClient::reset);
      hub.assertIdle();
    }
  }

  private static void assertFull(TestHub hub) {
    WsClient.Rejected r = assertThrows(WsClient.Rejected.class, () -> WsClient.open(hub.port()));
    assertEquals(503, r.status, "the node is full");
  }

  /** Opens the session that will end by {@code exit}, connected and subscribed where that makes sense. */
  private static WsClient occupy(TestHub hub, Exit exit) {
    if (exit == Exit.STOPS_READING) {
      WsClient c = WsClient.open(hub.port(), "/connection/websocket", Map.of(), false, 4096);
      c.sendText(new JsonObject().put("connect", new JsonObject().put("token", Tokens.forUser("stuck")))
          .put("id", 1).encode() + "\n"
          + new JsonObject().put("subscribe", new JsonObject().put("channel", "flood")).put("id", 2).encode());
      Await.until("the stalled client is subscribed", () -> hub.live().subscriptions() >= 1);
      return c;
    }
    WsClient c = WsClient.open(hub.port());
    if (exit == Exit.NEVER_CONNECTS || exit == Exit.FORGED_TOKEN) {
      return c;
    }
    c.connect(Tokens.forUser("user-" + exit.name().toLowerCase()));
    c.subscribe("news");
    return c;
  }

  private static void end(TestHub hub, WsClient c, Exit exit) {
    switch (exit) {
      case CLOSE_FRAME -> c.closeCleanly();
      case FIN -> c.fin();
      case RST -> c.reset();
      case NEVER_CONNECTS, STOPS_PONGING -> c.autoPong(false);
      case OVERSIZED_MESSAGE -> c.sendText("{\"id\":5,\"ping\":{},\"pad\":\"" + "x".repeat(5000) + "\"}");
      case BROKEN_FRAMING -> c.sendRaw(new byte[] {(byte) 0x81, 0x02, '{', '}'});
      case FORGED_TOKEN -> c.send("connect", new JsonObject().put("token", Tokens.forged("mallory")));
      case API_DISCONNECT -> hub.apiResult("disconnect", new JsonObject().put("user", "user-api_disconnect"));
      case NEVER_ANSWERS_CLOSE -> {
        c.answerCloseFrames(false);
        hub.apiResult("disconnect", new JsonObject().put("user", "user-never_answers_close"));
      }
      case STOPS_READING -> {
        JsonObject data = new JsonObject().put("pad", "x".repeat(32 * 1024));
        for (int i = 0; i < 2000 && hub.closed("slow") < 1; i++) {
          hub.apiResult("publish", new JsonObject().put("channel", "flood").put("data", data));
        }
      }
    }
  }

  /** Retries an upgrade until the node accepts one: the slot comes back once the old connection is gone. */
  private static WsClient awaitUpgrade(TestHub hub, String what) {
    WsClient[] accepted = new WsClient[1];
    Await.until(what + ": a slot is free again", Duration.ofSeconds(15), () -> {
      try {
        accepted[0] = WsClient.open(hub.port());
        return true;
      } catch (WsClient.Rejected full) {
        return false;
      }
    });
    return accepted[0];
  }
}
