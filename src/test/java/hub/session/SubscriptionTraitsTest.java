package hub.session;

import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a subscription token attaches to one subscription (protocol.md 9.3): its {@code info} is this client's
 * {@code chan_info} in that channel only (presence, join/leave, its publications), and its {@code override} changes
 * the namespace's presence, join/leave, positioning and recovery for that subscription, and is undone with it.
 */
class SubscriptionTraitsTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", new JsonObject().put("presence", true).put("joinLeave", true).put("allowPublish", true))
        .put("quiet", new JsonObject())
        .put("hx", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000)))));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ShardHarness.Peer user(String name) {
    return h.connected(name);
  }

  private static String token(String user, String channel, JsonObject extra) {
    return Tokens.withClaims(extra.copy().put("sub", user).put("channel", channel));
  }

  private static JsonObject subscribe(ShardHarness.Peer p, long id, String channel, String token, boolean joinLeave) {
    JsonObject params = new JsonObject().put("channel", channel).put("token", token);
    if (joinLeave) {
      params.put("join_leave", true);
    }
    List<JsonObject> written = p.frame(new JsonObject().put("id", id).put("subscribe", params).encode());
    return written.stream().filter(o -> o.getLong("id", 0L) == id).findFirst().orElseThrow();
  }

  private static JsonObject override(String field, boolean value) {
    return new JsonObject().put(field, new JsonObject().put("value", value));
  }

  /** The ClientInfo objects of every join or leave push {@code p} received, as "kind" → info. */
  private List<JsonObject> heard(ShardHarness.Peer p, String kind) {
    return h.call(() -> p.transport.objects().stream().filter(o -> o.containsKey("push"))
        .map(o -> o.getJsonObject("push")).filter(push -> push.containsKey(kind))
        .map(push -> push.getJsonObject(kind).getJsonObject("info")).toList());
  }

  private List<JsonObject> pubs(ShardHarness.Peer p) {
    return h.call(() -> p.transport.objects().stream().filter(o -> o.containsKey("push"))
        .map(o -> o.getJsonObject("push")).filter(push -> push.containsKey("pub"))
        .map(push -> push.getJsonObject("pub")).toList());
  }

  /** The socket is gone without a close frame. */
  private void vanish(ShardHarness.Peer p) {
    h.run(() -> p.transport.events().onClosed(false));
  }

  @Test
  void tokenInfoIsChanInfoInPresenceJoinAndPublicationsOfThatChannelOnly() {
    ShardHarness.Peer watcher = user("wat");
    assertNotNull(subscribe(watcher, 2, "room:1", token("wat", "room:1", new JsonObject()), true)
        .getJsonObject("subscribe"));
    ShardHarness.Peer ann = user("ann");
    JsonObject info = new JsonObject().put("role", "moderator");
    assertNotNull(subscribe(ann, 2, "room:1", token("ann", "room:1", new JsonObject().put("info", info)), false)
        .getJsonObject("subscribe"));
    assertNotNull(ann.subscribe(3, "room:2").getJsonObject("subscribe"));

    Await.until("the watcher hears ann join", () -> heard(watcher, "join").size() == 2);
    assertEquals(info, heard(watcher, "join").get(1).getJsonObject("chan_info"));
    JsonObject members = ann.command(4, "presence", new JsonObject().put("channel", "room:1"))
        .getJsonObject("presence").getJsonObject("presence");
    assertEquals(info, members.getJsonObject(ann.session.clientId()).getJsonObject("chan_info"));
    assertNull(members.getJsonObject(watcher.session.clientId()).getValue("chan_info"), "the watcher has none");
    JsonObject other = ann.command(5, "presence", new JsonObject().put("channel", "room:2"))
        .getJsonObject("presence").getJsonObject("presence");
    assertNull(other.getJsonObject(ann.session.clientId()).getValue("chan_info"), "room:2 was subscribed plainly");

    ann.command(6, "publish", new JsonObject().put("channel", "room:1").put("data", new JsonObject()));
    Await.until("the watcher gets ann's publication", () -> !pubs(watcher).isEmpty());
    assertEquals(info, pubs(watcher).get(0).getJsonObject("info").getJsonObject("chan_info"));

    vanish(ann); // gone without a close frame: the leave still carries chan_info
    Await.until("the watcher hears ann leave", () -> heard(watcher, "leave").size() == 1);
    assertEquals(info, heard(watcher, "leave").get(0).getJsonObject("chan_info"));
    vanish(watcher);
    Await.until("released", () -> h.live.sessions() == 0);
    h.assertReleased();
    assertEquals(new JsonObject(), Await.result(h.presence.members("room:1")));
  }

  @Test
  void presenceAndJoinLeaveOverridesHoldForThatSubscriptionAndEndWithIt() {
    ShardHarness.Peer watcher = user("wat");
    assertNotNull(subscribe(watcher, 2, "quiet:1",
        token("wat", "quiet:1", new JsonObject().put("override", override("force_push_join_leave", true))), false)
        .getJsonObject("subscribe"));
    ShardHarness.Peer ann = user("ann");
    JsonObject loud = override("join_leave", true).put("presence", new JsonObject().put("value", true));
    assertNotNull(subscribe(ann, 2, "quiet:1", token("ann", "quiet:1", new JsonObject().put("override", loud)),
        false).getJsonObject("subscribe"));
    ShardHarness.Peer bob = user("bob");
    assertNotNull(bob.subscribe(2, "quiet:1").getJsonObject("subscribe"));

    // Only ann emits (her override), only the watcher hears (its override); bob's plain subscribe emits nothing.
    Await.until("the watcher hears ann join", () -> heard(watcher, "join").size() == 1);
    assertEquals("ann", heard(watcher, "join").get(0).getString("user"));
    assertEquals(List.of(ann.session.clientId()),
        List.copyOf(Await.result(h.presence.members("quiet:1")).fieldNames()));
    ann.command(3, "unsubscribe", new JsonObject().put("channel", "quiet:1"));
    Await.until("the watcher hears ann leave", () -> heard(watcher, "leave").size() == 1);
    assertEquals(new JsonObject(), Await.result(h.presence.members("quiet:1")));
    assertTrue(heard(bob, "join").isEmpty(), "bob neither asked nor was forced");
    bob.command(3, "unsubscribe", new JsonObject().put("channel", "quiet:1"));
    h.sweep();
    assertEquals(1, heard(watcher, "leave").size(), "bob's plain unsubscribe emits no leave");

    // Presence switched off for one subscriber of a presence channel: the others still show.
    assertNotNull(subscribe(bob, 4, "room:9",
        token("bob", "room:9", new JsonObject().put("override", override("presence", false))), false)
        .getJsonObject("subscribe"));
    JsonObject members = bob.command(5, "presence", new JsonObject().put("channel", "room:9"))
        .getJsonObject("presence").getJsonObject("presence");
    assertFalse(members.containsKey(bob.session.clientId()), members::encode);
    List.of(watcher, ann, bob).forEach(this::vanish);
    Await.until("released", () -> h.live.sessions() == 0);
    h.assertReleased();
  }

  @Test
  void recoveryOverridePositionsTheSubscription() {
    ShardHarness.Peer ann = user("ann");
    JsonObject plain = subscribe(ann, 2, "hx:1", token("ann", "hx:1", new JsonObject()), false)
        .getJsonObject("subscribe");
    assertNull(plain.getValue("recoverable"), plain::encode);
    JsonObject forced = subscribe(ann, 3, "hx:2",
        token("ann", "hx:2", new JsonObject().put("override", override("force_recovery", true))), false)
        .getJsonObject("subscribe");
    assertEquals(true, forced.getValue("recoverable"), forced::encode);
    assertEquals(true, forced.getValue("positioned"), forced::encode);
    assertNotNull(forced.getString("epoch"));
    JsonObject positioned = subscribe(ann, 4, "hx:3",
        token("ann", "hx:3", new JsonObject().put("override", override("force_positioning", true))), false)
        .getJsonObject("subscribe");
    assertEquals(true, positioned.getValue("positioned"), positioned::encode);
    assertNull(positioned.getValue("recoverable"), positioned::encode);
    vanish(ann);
    Await.until("released", () -> h.live.sessions() == 0);
    h.assertReleased();
  }

  @Test
  void malformedOverrideMakesABadToken() {
    ShardHarness.Peer ann = user("ann");
    JsonObject bad = new JsonObject().put("presence", true); // not {"value": bool}
    JsonObject reply = subscribe(ann, 2, "room:1", token("ann", "room:1", new JsonObject().put("override", bad)),
        false);
    assertEquals(103, reply.getJsonObject("error").getInteger("code"), reply::encode);
    assertEquals(SessionState.ACTIVE, ann.state());
  }
}
