package hub.cluster;

import hub.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node asked whether it heard the asker's route probe answers for the asker's current check only (SplitBrainIT
 * flake, issue 10 split-brain leftovers): a node on the majority side never merges, so it still holds the probes
 * the island sent before the split, and answering from those confirmed the island's route to it before the merge
 * had restored it; the island then pushed its repair joins into a route that did not carry them yet.
 */
class RouteCheckTest {

  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  boolean heard(JsonObject question) {
    JsonObject answer = Await.result(vertx.eventBus().<JsonObject>request(Addresses.routeCheck("peer"), question)
        .map(m -> m.body()));
    return answer.getBoolean("heard");
  }

  @Test
  void aPeerConfirmsOnlyProbesOfTheAskersCurrentCheck() {
    RouteCheck peer = new RouteCheck(vertx, "peer", () -> List.of("peer"), routed -> { });
    Await.result(peer.start(new EventBusBroker(vertx.eventBus(), peer::heard), null));
    assertFalse(heard(new JsonObject().put("node", "island").put("check", "after-merge")), "heard nothing yet");

    peer.heard("island", "before-split");
    assertFalse(heard(new JsonObject().put("node", "island").put("check", "after-merge")),
        "a probe of an earlier check proves nothing about the route now");
    assertTrue(heard(new JsonObject().put("node", "island").put("check", "before-split")));

    peer.heard("island", "after-merge");
    assertTrue(heard(new JsonObject().put("node", "island").put("check", "after-merge")));
    assertTrue(heard(new JsonObject().put("node", "island")), "an older asker without a check id: any probe counts");
    assertFalse(heard(new JsonObject().put("node", "stranger")), "nothing heard from this one");
  }
}
