package hub.session;

import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client {@code presence} command lists at most {@code limits.maxPresenceMembers} members (issue 10, item 8):
 * past it the answer is error 106 and the session stays; {@code presence_stats} still counts the crowd.
 */
class PresenceBoundsTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(SessionCloseTest.LIMITS.copy().put("limits", new JsonObject().put("maxPresenceMembers", 2)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void aCrowdTooLargeToListIs106AndStillCounted() {
    ShardHarness.Peer[] peers = new ShardHarness.Peer[3];
    for (int i = 0; i < 3; i++) {
      peers[i] = h.open();
      peers[i].connect(Tokens.forUser("u" + (i % 2)));
      peers[i].subscribe(2, "room:1");
    }
    ShardHarness.Peer p = peers[0];
    JsonObject presence = p.command(3, "presence", new JsonObject().put("channel", "room:1"));
    assertEquals(106, presence.getJsonObject("error").getInteger("code"), presence::encode);
    JsonObject stats = p.command(4, "presence_stats", new JsonObject().put("channel", "room:1"));
    assertEquals(new JsonObject().put("num_clients", 3).put("num_users", 2), stats.getJsonObject("presence_stats"));
    assertEquals(SessionState.ACTIVE, p.state());
    h.run(() -> peers[2].session.close(CloseReason.CLIENT_CLOSED));
    JsonObject two = p.command(5, "presence", new JsonObject().put("channel", "room:1"));
    assertEquals(2, two.getJsonObject("presence").getJsonObject("presence").size(), two::encode);
    for (ShardHarness.Peer peer : peers) {
      h.run(() -> peer.session.close(CloseReason.CLIENT_CLOSED));
    }
    h.assertReleased();
  }
}
