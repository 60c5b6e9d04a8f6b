package hub.session;

import hub.support.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who hears join and leave pushes on one shard (protocol.md section 5): subscribers that sent {@code join_leave:
 * true} on a channel whose presence they may see, or everyone where the namespace forces them; one encoding per
 * event, shared by every listener.
 */
class JoinLeaveTest {

  static final JsonObject NAMESPACES = new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
      .put("room", new JsonObject().put("presence", true).put("joinLeave", true))
      .put("lobby", new JsonObject().put("joinLeave", true).put("forcePushJoinLeave", true))
      .put("quiet", new JsonObject().put("joinLeave", true))));

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(NAMESPACES);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ShardHarness.Peer connected(String user) {
    return h.connected(user);
  }

  private static void subscribe(ShardHarness.Peer p, String channel, boolean joinLeave) {
    JsonObject params = new JsonObject().put("channel", channel);
    if (joinLeave) {
      params.put("join_leave", true);
    }
    // Not the last object written: the subscriber's own join may follow its reply in the same turn.
    List<JsonObject> written = p.frame(new JsonObject().put("id", 2).put("subscribe", params).encode());
    assertTrue(written.stream().anyMatch(o -> o.getLong("id", 0L) == 2 && o.containsKey("subscribe")), written::toString);
  }

  private List<String> heard(ShardHarness.Peer p) {
    return h.joinsAndLeavesHeard(p);
  }

  @Test
  void onlySubscribersThatAskedHearJoinAndLeave() {
    ShardHarness.Peer ann = connected("ann");
    ShardHarness.Peer bob = connected("bob");
    subscribe(ann, "room:1", true);
    subscribe(bob, "room:1", false);
    ShardHarness.Peer cyd = connected("cyd");
    subscribe(cyd, "room:1", false);
    cyd.send(new JsonObject().put("id", 3).put("unsubscribe", new JsonObject().put("channel", "room:1")).encode());
    Await.until("ann hears cyd join and leave", () -> heard(ann).size() == 4);
    assertEquals(List.of("join:ann", "join:bob", "join:cyd", "leave:cyd"), heard(ann));
    // The shard hands each push to all its listeners in one go, so bob has had his chance by now.
    assertEquals(List.of(), heard(bob), "bob did not ask");
    assertEquals(List.of(), heard(cyd), "cyd did not ask either");
  }

  @Test
  void aJoinLeavePushIsEncodedOnceAndSharedByItsListeners() {
    ShardHarness.Peer ann = connected("ann");
    ShardHarness.Peer dan = connected("dan");
    subscribe(ann, "room:1", true);
    subscribe(dan, "room:1", true);
    int annBefore = h.call(() -> ann.transport.frames().size());
    int danBefore = h.call(() -> dan.transport.frames().size());
    subscribe(connected("cyd"), "room:1", false);
    Await.until("both hear cyd", () -> heard(ann).contains("join:cyd") && heard(dan).contains("join:cyd"));
    byte[] toAnn = h.call(() -> ann.transport.frames().get(annBefore));
    byte[] toDan = h.call(() -> dan.transport.frames().get(danBefore));
    assertSame(toAnn, toDan, "the same encoded bytes go to every listener");
  }

  @Test
  void aForcingNamespacePushesJoinLeaveToSubscribersThatDidNotAsk() {
    ShardHarness.Peer bob = connected("bob");
    subscribe(bob, "lobby:1", false);
    ShardHarness.Peer cyd = connected("cyd");
    subscribe(cyd, "lobby:1", false);
    h.run(() -> cyd.transport.events().onClosed(true));
    Await.until("bob hears cyd come and go", () -> heard(bob).size() == 3);
    assertEquals(List.of("join:bob", "join:cyd", "leave:cyd"), heard(bob));
  }

  @Test
  void askingIsNotEnoughWhereTheSubscriberMayNotSeePresence() {
    ShardHarness.Peer ann = connected("ann");
    subscribe(ann, "quiet:1", true);
    subscribe(connected("cyd"), "quiet:1", false);
    assertEquals(2, h.broker.published().stream().filter("quiet:1"::equals).count(), "ann's and cyd's joins were emitted");
    h.run(() -> { }); // the broker delivers on the shard's loop: one more turn and the join has been handled
    assertEquals(List.of(), heard(ann));
  }

  @Test
  void aSubscriberThatUnsubscribedHearsNoMore() {
    ShardHarness.Peer ann = connected("ann");
    subscribe(ann, "room:1", true);
    ann.send(new JsonObject().put("id", 3).put("unsubscribe", new JsonObject().put("channel", "room:1")).encode());
    subscribe(ann, "room:2", true);
    subscribe(connected("cyd"), "room:1", false);
    subscribe(connected("dan"), "room:2", false);
    Await.until("ann hears dan on room:2", () -> heard(ann).contains("join:dan"));
    assertEquals(List.of("join:ann", "join:ann", "join:dan"), heard(ann), "nothing about room:1 after leaving it");
  }
}
