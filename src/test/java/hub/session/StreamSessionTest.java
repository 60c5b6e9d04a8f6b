package hub.session;

import hub.protocol.Publication;
import hub.support.Await;
import hub.support.Tokens;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions on history channels, through the shard with a store whose answers the test holds or fails: what a
 * session acquires for a stream (its join in flight, its place in the shard's stream) is released by the one close
 * routine whatever the moment, a failing store is a temporary error and never a stuck subscription, and a lost
 * position reaches the client as 2500 before anything else of the channel.
 */
class StreamSessionTest {

  static final JsonObject CONFIG = new JsonObject()
      .put("channels", new JsonObject().put("namespaces", new JsonObject()
          .put("room", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000)
              .put("forceRecovery", true).put("allowPublish", true).put("presence", true))))
      .put("history", new JsonObject().put("storeTimeoutMs", 300).put("gapFillDelayMs", 50));

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(CONFIG);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ShardHarness.Peer connected(String user) {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser(user));
    return p;
  }

  private double counter(String name) {
    Counter c = h.registry.find(name).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aClientThatVanishesWhileItsStoreReadIsInFlightLeavesNothingBehind() {
    ShardHarness.Peer p = connected("ann");
    h.store.holdReads = true;
    p.send(new JsonObject().put("id", 2).put("subscribe", new JsonObject().put("channel", "room:1")
        .put("recover", true).put("epoch", "whatever").put("offset", 3)).encode());
    Await.until("the read is in flight", () -> h.store.heldReads() == 1);
    assertEquals(1, h.stats().getInteger("streams"), "the join is followed while the read runs");
    int written = p.written().size();
    h.run(() -> p.transport.events().onClosed(false)); // TCP gone, no close frame
    h.store.release(); // the late answer
    h.run(() -> { });
    assertEquals(written, p.written().size(), "nothing is written for the late answer");
    h.assertReleased();
  }

  @Test
  void unsubscribingAndClosingReleaseTheShardsStream() {
    ShardHarness.Peer p = connected("ann");
    JsonObject sub = p.subscribe(2, "room:1");
    assertEquals(true, sub.getJsonObject("subscribe").getBoolean("recoverable"), sub::encode);
    assertEquals(1, h.stats().getInteger("streams"));
    p.command(3, "unsubscribe", new JsonObject().put("channel", "room:1"));
    assertEquals(0, h.stats().getInteger("streams"));
    p.subscribe(4, "room:2");
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aStoreThatFailsIsATemporaryErrorAndTheClientMayTryAgain() {
    ShardHarness.Peer p = connected("ann");
    h.store.failAll = true;
    JsonObject refused = p.subscribe(2, "room:1");
    assertEquals(100, refused.getJsonObject("error").getInteger("code"));
    assertEquals(true, refused.getJsonObject("error").getBoolean("temporary"));
    JsonObject publish = p.command(3, "publish", new JsonObject().put("channel", "room:1").put("data", 1));
    assertEquals(100, publish.getJsonObject("error").getInteger("code"));
    assertEquals(0, h.stats().getInteger("streams"), "a failed join is abandoned");
    assertEquals(0, h.live.subscriptions());
    h.store.failAll = false;
    assertNotNull(p.subscribe(4, "room:1").getJsonObject("subscribe"), "the retry succeeds");
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aStoreThatDoesNotAnswerInTimeIsATemporaryError() {
    ShardHarness.Peer p = connected("ann");
    h.store.holdReads = true;
    p.send(new JsonObject().put("id", 2).put("subscribe", new JsonObject().put("channel", "room:1")).encode());
    Await.until("the subscribe times out", () -> p.written().stream().anyMatch(w -> w.contains("\"code\":100")));
    assertEquals(0, h.stats().getInteger("streams"));
    assertEquals(1.0, h.registry.find("hub.store.failures").tag("operation", "read").counter().count());
    h.store.release();
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aGapTheStoreCannotFillIsAnUnsubscribe2500BeforeAnythingElse() {
    ShardHarness.Peer p = connected("ann");
    p.subscribe(2, "room:1");
    String epoch = h.call(() -> h.shard.streams().peek("room:1").epoch());
    int before = p.written().size();
    // Offset 3 arrives; 1 and 2 were never stored: the fill finds nothing.
    h.broker.publish(new Publication("room:1", 3, epoch, Publication.encodePub("late", null, null)));
    Await.until("the client is told", () -> p.written().size() > before);
    List<String> after = p.written().subList(before, p.written().size());
    JsonObject push = new JsonObject(after.get(0)).getJsonObject("push");
    assertEquals(2500, push.getJsonObject("unsubscribe").getInteger("code"));
    assertEquals("room:1", push.getString("channel"));
    assertEquals(1, after.size(), "nothing of the channel after the 2500");
    assertEquals(1.0, counter("hub.positions.lost"));
    assertEquals(0, h.live.subscriptions(), "the subscription is gone");
    assertNull(h.call(() -> h.shard.streams().peek("room:1")));
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aRecoveringSubscribeParksTheSessionsNextCommandsUntilItIsAnswered() {
    ShardHarness.Peer p = connected("ann");
    h.store.holdReads = true;
    p.send(new JsonObject().put("id", 2).put("subscribe", new JsonObject().put("channel", "room:1")).encode()
        + "\n" + new JsonObject().put("id", 3).put("presence", new JsonObject().put("channel", "room:1")).encode());
    Await.until("the read is in flight", () -> h.store.heldReads() == 1);
    assertTrue(p.written().stream().noneMatch(w -> w.contains("\"id\":3")), "presence waits for the subscribe");
    h.store.release();
    Await.until("both answered in order", () -> p.written().stream().anyMatch(w -> w.contains("\"id\":3")));
    List<String> w = p.written();
    int sub = -1;
    int presence = -1;
    for (int i = 0; i < w.size(); i++) {
      if (w.get(i).contains("\"id\":2")) {
        sub = i;
      }
      if (w.get(i).contains("\"id\":3")) {
        presence = i;
      }
    }
    assertTrue(sub >= 0 && sub < presence, "subscribe answered before presence: " + w);
    assertTrue(w.get(presence).contains("\"presence\":{"), "the subscriber is in presence: " + w.get(presence));
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }
}
