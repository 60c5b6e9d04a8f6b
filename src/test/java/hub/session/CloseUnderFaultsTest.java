package hub.session;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import hub.metrics.HubMetrics;
import hub.support.Tokens;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The close routine, the shard's shutdown and its sweep survive collaborators that throw (issue 10, item 3): a
 * presence store that throws the way Hazelcast does once its member has stopped, and a broker that throws on a
 * leave push. Every session is still released and counted, and every later step still runs.
 */
class CloseUnderFaultsTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", new JsonObject().put("presence", true).put("joinLeave", true)))));
  }

  @AfterEach
  void stop() {
    h.presence.throwOnWrite(null);
    h.broker.throwOnJoinLeave(null);
    h.close();
  }

  private ShardHarness.Peer inRooms(String user, String... channels) {
    ShardHarness.Peer p = h.open();
    assertNotNull(p.connect(Tokens.forUser(user)).getJsonObject("connect"));
    long id = 2;
    for (String channel : channels) {
      assertNotNull(p.subscribe(id++, channel).getJsonObject("subscribe"), channel);
    }
    return p;
  }

  private double failures(String name, String tagKey, String tag) {
    var search = h.registry.find(name);
    Counter c = tag == null ? search.counter() : search.tag(tagKey, tag).counter();
    return c == null ? 0 : c.count();
  }

  private static HazelcastInstanceNotActiveException stopped() {
    return new HazelcastInstanceNotActiveException();
  }

  @Test
  void aStoreThatThrowsOnRemovalCostsNeitherTheCloseNorTheLeavePushes() {
    ShardHarness.Peer alice = inRooms("alice", "room:a", "room:b", "news");
    h.presence.throwOnWrite(stopped());
    int publishedBefore = h.broker.published().size();
    h.run(() -> alice.session.close(CloseReason.CLIENT_CLOSED));
    assertEquals(1, h.closed("client_closed"), "the close is counted");
    assertEquals(List.of("room:a", "room:b"), new ArrayList<>(h.broker.published())
        .subList(publishedBefore, h.broker.published().size()), "both leave pushes went out");
    assertEquals(2, failures(HubMetrics.PRESENCE_FAILURES, null, null), "both failed removals are counted");
    h.assertReleased();
  }

  @Test
  void aBrokerThatThrowsOnALeavePushDoesNotStopTheClose() {
    ShardHarness.Peer alice = inRooms("alice", "room:a", "room:b");
    h.broker.throwOnJoinLeave(new IllegalStateException("event bus closed"));
    h.run(() -> alice.session.close(CloseReason.CONNECTION_LOST));
    assertEquals(1, h.closed("connection_lost"));
    assertEquals(2, failures(HubMetrics.INTERNAL_FAILURES, "step", IsolatedSteps.CLOSE_REMOTE),
        "each channel's remote clean-up ran, and failed, on its own");
    h.assertReleased();
  }

  @Test
  void aSocketThatThrowsWhileClosingStillLetsTheRemoteCleanUpRun() {
    ShardHarness.Peer alice = inRooms("alice", "room:a");
    h.run(alice.transport::failOnClose);
    int publishedBefore = h.broker.published().size();
    h.run(() -> alice.session.close(CloseReason.SLOW));
    assertEquals(1, h.closed("slow"));
    assertEquals(publishedBefore + 1, h.broker.published().size(), "the leave push went out");
    h.assertReleased();
  }

  @Test
  void shutdownClosesEverySessionWhenClosesFail() {
    List<ShardHarness.Peer> peers = List.of(inRooms("alice", "room:a"), inRooms("bob", "room:a"),
        inRooms("carol", "room:b"));
    h.presence.throwOnWrite(stopped());
    h.broker.throwOnJoinLeave(new IllegalStateException("event bus closed"));
    h.await(() -> h.shard.stop());
    for (ShardHarness.Peer p : peers) {
      assertEquals(SessionState.CLOSED, p.state());
      assertEquals(3001, h.call(p.transport::closeCode), "told the shard is shutting down");
    }
    assertEquals(3, h.closed("shutdown"));
    assertEquals(0, h.live.sessions());
    assertEquals(0, h.live.subscriptions());
    assertEquals(0, h.live.channels());
  }

  @Test
  void theSweepRunsEveryStepWhenThePresenceRefreshThrows() {
    inRooms("alice", "room:a");
    AtomicInteger hookRuns = new AtomicInteger();
    h.run(() -> h.shard.onSweep(now -> hookRuns.incrementAndGet()));
    h.presence.throwOnWrite(stopped());
    h.clock.advance(java.time.Duration.ofMinutes(1)); // past the first presence refresh
    h.sweep();
    assertEquals(1, hookRuns.get(), "the steps after the presence refresh ran");
    assertEquals(1, failures(HubMetrics.PRESENCE_FAILURES, null, null), "the failed refresh is counted");
  }
}
