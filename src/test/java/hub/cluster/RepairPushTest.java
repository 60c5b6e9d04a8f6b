package hub.cluster;

import hub.protocol.Publication;
import hub.support.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A survivor's purge leave that reaches a node which still sees the purged node (a purge racing a heal) is never
 * delivered there: on the owner it becomes a rewrite of its own entries, elsewhere it is dropped. Repair pushes
 * name the client they are about, so that client's shard can leave it out (issue 10, split brain).
 */
class RepairPushTest {

  final Vertx vertx = Vertx.vertx();
  final List<String> heard = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void aPurgeLeaveNeverReachesTheClientsOfANodeStillSeenAndTheOwnerRewritesInstead() {
    EventBusBroker broker = new EventBusBroker(vertx.eventBus(), (from, check) -> { }, "self",
        node -> node.equals("peer"));
    BrokerListener listener = new BrokerListener() {
      @Override
      public void onPublication(Publication publication) {
        heard.add("pub");
      }

      @Override
      public void onJoinLeave(String channel, byte[] pushFrame) {
        heard.add("plain " + channel);
      }

      @Override
      public void onJoinLeave(String channel, byte[] pushFrame, String about) {
        heard.add("about " + about + " " + channel);
      }

      @Override
      public void onOwnEntriesPurged() {
        heard.add("rewrite");
      }

      @Override
      public void onDisconnect(UserDisconnect command) {
      }

      @Override
      public void onSubscription(UserSubscription command) {
      }
    };
    io.vertx.core.Promise<Void> attached = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> broker.attach(listener).<Void>mapEmpty().onComplete(attached));
    Await.result(attached.future());

    byte[] frame = "{}".getBytes();
    broker.publishRepair("room:a", frame, "c-own", "self");   // this node's entries, purged while it lived
    broker.publishRepair("room:a", frame, "c-peer", "peer");  // a node this one still sees
    broker.publishRepair("room:a", frame, "c-gone", "gone");  // a node that is gone from here too
    broker.publishRepair("room:a", frame, "c-back", null);    // an owner's join after a restore
    broker.publishJoinLeave("room:a", frame);                 // a client's own join or leave
    Await.until("every push handled", () -> heard.size() == 4);
    assertEquals(List.of("rewrite", "about c-gone room:a", "about c-back room:a", "plain room:a"), heard);
  }
}
