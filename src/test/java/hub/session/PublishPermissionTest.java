package hub.session;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A client publish is checked against who publishes, as a subscribe is (issue 10, item 2): user-limited channels
 * take only their listed users, {@code $} channels only subscribers, anonymous clients only where allowed, and
 * {@code allowPublishForSubscriber} opens a channel to its subscribers alone. A refusal is 103 and the session
 * stays open.
 */
class PublishPermissionTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject()
        .put("auth", new JsonObject().put("allowAnonymous", true))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("allowPublish", false).put("allowPublishForSubscriber", true))
            .put("open", new JsonObject().put("allowPublish", true).put("allowPublishForAnonymous", true)))));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static JsonObject publish(ShardHarness.Peer p, long id, String channel) {
    return p.command(id, "publish", new JsonObject().put("channel", channel).put("data", new JsonObject().put("n", id)));
  }

  private static Integer errorCode(JsonObject reply) {
    JsonObject error = reply.getJsonObject("error");
    return error == null ? null : error.getInteger("code");
  }

  private ShardHarness.Peer user(String name) {
    return h.connected(name);
  }

  private ShardHarness.Peer anonymous() {
    ShardHarness.Peer p = h.open();
    assertNotNull(p.command(1, "connect", new JsonObject()).getJsonObject("connect"), "anonymous connected");
    return p;
  }

  @Test
  void onlyListedUsersPublishIntoAUserLimitedChannel() {
    ShardHarness.Peer alice = user("alice");
    ShardHarness.Peer carol = user("carol");
    assertNull(errorCode(publish(alice, 2, "chat:dialog#alice,bob")));
    assertEquals(103, errorCode(publish(carol, 2, "chat:dialog#alice,bob")));
    assertEquals(SessionState.ACTIVE, carol.state(), "a refusal is a reply, not a close");
  }

  @Test
  void privateChannelsRefuseAPublisherThatIsNotSubscribed() {
    ShardHarness.Peer alice = user("alice");
    assertEquals(103, errorCode(publish(alice, 2, "$chat:secret")));
  }

  @Test
  void anonymousClientsPublishOnlyWhereTheNamespaceAllowsIt() {
    ShardHarness.Peer anon = anonymous();
    assertEquals(103, errorCode(publish(anon, 2, "chat:lobby")));
    assertNull(errorCode(publish(anon, 3, "open:lobby")));
    assertEquals(SessionState.ACTIVE, anon.state());
  }

  @Test
  void allowPublishForSubscriberOpensTheChannelToItsSubscribersOnly() {
    ShardHarness.Peer alice = user("alice");
    assertEquals(103, errorCode(publish(alice, 2, "room:1")));
    assertNull(errorCode(alice.subscribe(3, "room:1")));
    assertNull(errorCode(publish(alice, 4, "room:1")));
    alice.command(5, "unsubscribe", new JsonObject().put("channel", "room:1"));
    assertEquals(103, errorCode(publish(alice, 6, "room:1")));
  }

  @Test
  void refusedPublishersLeaveNothingBehind() {
    ShardHarness.Peer carol = user("carol");
    publish(carol, 2, "chat:dialog#alice");
    h.run(() -> carol.session.close(CloseReason.CLIENT_CLOSED));
    h.assertReleased();
  }
}
