package hub.session;

import hub.support.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a shard puts back the presence entries a cluster lost, and the joins it pushes for them (issue 10, split
 * brain): one join per lost entry, whichever of a purge's rewrite and a merge's rejoin comes first. The store plays
 * the Hazelcast store's merge with the same generation bookkeeping ({@code PresenceGenerations}).
 */
class PresenceRepairTest {

  static final long TTL_MS = 30_000;
  static final JsonObject ROOMS = new JsonObject()
      .put("cluster", new JsonObject().put("presenceTtlMs", TTL_MS))
      .put("channels", new JsonObject().put("namespaces", new JsonObject()
          .put("room", new JsonObject().put("presence", true).put("joinLeave", true))));

  ShardHarness h;
  ShardHarness.Peer ann;
  ShardHarness.Peer cyd;

  @BeforeEach
  void start() {
    h = new ShardHarness(ROOMS);
    ann = subscribed("ann");
    cyd = subscribed("cyd");
    Await.until("ann hears both joins", () -> heard(ann).size() == 2);
    h.sweep(); // the first refresh, so that the ones below are the repairs
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ShardHarness.Peer subscribed(String user) {
    ShardHarness.Peer p = h.connected(user);
    JsonObject params = new JsonObject().put("channel", "room:1").put("join_leave", true);
    List<JsonObject> written = p.frame(new JsonObject().put("id", 2).put("subscribe", params).encode());
    assertTrue(written.stream().anyMatch(o -> o.getLong("id", 0L) == 2 && o.containsKey("subscribe")), written::toString);
    return p;
  }

  private List<String> heard(ShardHarness.Peer p) {
    return h.joinsAndLeavesHeard(p);
  }

  private long joinsOf(String user) {
    return heard(ann).stream().filter(("join:" + user)::equals).count();
  }

  private Set<String> users() {
    JsonObject members = Await.result(h.presence.members("room:1"));
    return members.stream().map(e -> ((JsonObject) e.getValue()).getString("user"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void aPurgeOfThisLiveNodeIsRepairedWithOneJoinPerLostEntry() {
    h.presence.loseAll();
    h.run(h.shard::onOwnEntriesPurged);
    h.sweep();
    assertEquals(Set.of("ann", "cyd"), users(), "written again at the sweep after the purge");
    Await.until("a join for cyd's lost entry", () -> joinsOf("cyd") == 2);
    h.sweep();
    h.clock.advanceMillis(TTL_MS);
    h.sweep(); // a plain refresh: nothing was lost, nothing is pushed
    h.run(() -> { });
    assertEquals(2, joinsOf("cyd"), () -> "one join at subscribe, one for the repair: " + heard(ann));
  }

  @Test
  void aRewriteBetweenAMergeAndItsRejoinLeavesTheJoinsToTheRejoin() {
    h.presence.generations.merged();
    h.presence.loseAll();
    h.run(h.shard::onOwnEntriesPurged); // the majority's purge, heard over the event bus before the merge
    h.sweep();
    assertEquals(Set.of("ann", "cyd"), users(), "the entries are back before the routes are confirmed");
    h.run(() -> { });
    assertEquals(1, joinsOf("cyd"), () -> "no join before the rejoin: " + heard(ann));

    h.presence.generations.routesConfirmed();
    h.sweep();
    Await.until("the rejoin pushes cyd's join", () -> joinsOf("cyd") == 2);
    h.clock.advanceMillis(TTL_MS);
    h.sweep();
    h.run(() -> { });
    assertEquals(2, joinsOf("cyd"), () -> "one join at subscribe and one after the merge: " + heard(ann));
  }

  @Test
  void aRejoinWhoseRewriteFailsIsPushedAtTheNextAttempt() {
    h.presence.generations.merged();
    h.presence.loseAll();
    h.run(h.shard::onOwnEntriesPurged);
    h.sweep(); // puts the entries back, leaving their joins to the rejoin
    h.presence.throwOnWrite(new IllegalStateException("below the quorum again"));
    h.presence.generations.routesConfirmed();
    h.sweep(); // the rejoin's rewrite fails
    h.presence.throwOnWrite(null);
    h.run(() -> { });
    assertEquals(1, joinsOf("cyd"), () -> "nothing pushed by the failed rejoin: " + heard(ann));

    h.clock.advanceMillis(TTL_MS / 3);
    h.sweep(); // the entries are all there now, so only the owed rejoin can push cyd's join
    Await.until("the owed rejoin pushes cyd's join", () -> joinsOf("cyd") == 2);
    h.clock.advanceMillis(TTL_MS);
    h.sweep();
    h.run(() -> { });
    assertEquals(2, joinsOf("cyd"), () -> "the rejoin is pushed once: " + heard(ann));
  }
}
