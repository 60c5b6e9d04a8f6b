package hub.session;

import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard's drain follows its schedule on the shard's clock (frozen here, and moved by the test), with one timer
 * that is gone once the shard is empty.
 */
class DrainTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private List<ShardHarness.Peer> connected(int n) {
    List<ShardHarness.Peer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ShardHarness.Peer p = h.open();
      p.connect(Tokens.forUser("user" + i));
      peers.add(p);
    }
    return peers;
  }

  @Test
  void closesFollowTheClockAcrossTheWholeWindowOnOneTimer() {
    List<ShardHarness.Peer> peers = connected(4);
    Future<Void> drained = h.call(() -> h.shard.drain(Duration.ofMillis(1_000)));
    assertEquals(3, h.call(h.shard::sessionCount), "session 0 is closed at once");
    assertEquals(2, h.live.timers(), "the sweep and one drain timer");
    Await.sleep(300); // real time passes, the shard's clock does not: nothing more is due
    assertEquals(3, h.call(h.shard::sessionCount));
    h.clock.advanceMillis(250);
    Await.equal("session 1 closed at W/4", 2, () -> h.call(h.shard::sessionCount));
    h.clock.advanceMillis(250);
    Await.equal("session 2 closed at W/2", 1, () -> h.call(h.shard::sessionCount));
    assertFalse(drained.isComplete());
    h.clock.advanceMillis(250);
    Await.until("drain complete", drained::isComplete);
    assertEquals(1, h.live.timers(), "the drain timer is gone");
    for (ShardHarness.Peer p : peers) {
      assertEquals(3001, p.transport.closeCode());
    }
    h.assertReleased();
  }

  @Test
  void aSecondDrainJoinsTheFirst() {
    connected(2);
    Future<Void> first = h.call(() -> h.shard.drain(Duration.ofMillis(1_000)));
    Future<Void> second = h.call(() -> h.shard.drain(Duration.ZERO));
    assertTrue(first == second, "one drain per shard");
    assertEquals(2, h.live.timers());
    h.clock.advanceMillis(1_000);
    Await.until("drain complete", first::isComplete);
    h.assertReleased();
  }

  @Test
  void stoppingTheShardEndsADrainInProgress() {
    connected(3);
    Future<Void> drained = h.call(() -> h.shard.drain(Duration.ofSeconds(60)));
    h.await(() -> h.shard.stop());
    assertTrue(drained.succeeded());
    assertEquals(0, h.live.timers(), "neither the sweep nor the drain timer is left");
  }
}
