package hub.session;

import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscription tokens (protocol.md 9.3, 4.9): {@code $} channels and {@code subscribeToken: "required"} namespaces
 * need a JWT naming the user and channel; its expiry is the subscription's, the client extends it with
 * {@code sub_refresh}, and without that the subscription ends with unsubscribe 2501 after the grace.
 */
class SubscriptionTokenTest {

  static final long GRACE_MS = 2_000;
  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject()
        .put("client", new JsonObject().put("expiredCloseDelayMs", GRACE_MS))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("chat", new JsonObject())
            .put("vip", new JsonObject().put("subscribeToken", "required")))));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private ShardHarness.Peer user(String name) {
    return h.connected(name);
  }

  private long nowSeconds() {
    return h.clock.millis() / 1000;
  }

  private String token(String user, String channel, long ttlSeconds) {
    return Tokens.withClaims(new JsonObject().put("sub", user).put("channel", channel)
        .put("exp", nowSeconds() + ttlSeconds));
  }

  private static JsonObject subscribe(ShardHarness.Peer p, long id, String channel, String token) {
    return p.command(id, "subscribe", new JsonObject().put("channel", channel).put("token", token));
  }

  private static Integer errorCode(JsonObject reply) {
    JsonObject error = reply.getJsonObject("error");
    return error == null ? null : error.getInteger("code");
  }

  @Test
  void privateChannelAndRequiredNamespaceRefuseASubscribeWithoutToken() {
    ShardHarness.Peer alice = user("alice");
    assertEquals(103, errorCode(alice.subscribe(2, "$chat:secret")));
    assertEquals(103, errorCode(alice.subscribe(3, "vip:lounge")));
    assertNull(errorCode(alice.subscribe(4, "chat:open")), "an ordinary channel needs none");
    assertEquals(SessionState.ACTIVE, alice.state());
  }

  @Test
  void validTokenSubscribesAndTellsTheClientWhenToRefresh() {
    ShardHarness.Peer alice = user("alice");
    String token = Tokens.withClaims(new JsonObject().put("sub", "alice").put("channel", "$chat:secret")
        .put("exp", nowSeconds() + 60).put("data", new JsonObject().put("hello", "there")));
    JsonObject result = subscribe(alice, 2, "$chat:secret", token).getJsonObject("subscribe");
    assertNotNull(result);
    assertEquals(true, result.getBoolean("expires"));
    long ttl = result.getLong("ttl");
    assertTrue(ttl >= 59 && ttl <= 60, "ttl " + ttl);
    assertEquals("there", result.getJsonObject("data").getString("hello"));
    assertEquals(1, h.live.subscriptions());
    JsonObject vip = subscribe(alice, 3, "vip:lounge", token("alice", "vip:lounge", 60)).getJsonObject("subscribe");
    assertNotNull(vip, "a required-token namespace takes a valid token");
  }

  @Test
  void tokenForAnotherUserOrChannelClosesWith3500() {
    ShardHarness.Peer alice = user("alice");
    subscribe(alice, 2, "$chat:secret", token("bob", "$chat:secret", 60));
    assertEquals(SessionState.CLOSED, alice.state());
    assertEquals(3500, alice.transport.closeCode());

    ShardHarness.Peer carol = user("carol");
    subscribe(carol, 2, "$chat:secret", token("carol", "$chat:other", 60));
    assertEquals(3500, carol.transport.closeCode());

    ShardHarness.Peer dave = user("dave");
    subscribe(dave, 2, "$chat:secret", Tokens.withClaims(new JsonObject().put("sub", "dave")
        .put("channel", "$chat:secret").put("client", "someone-else").put("exp", nowSeconds() + 60)));
    assertEquals(3500, dave.transport.closeCode());
    h.run(() -> { });
    h.assertReleased();
  }

  @Test
  void forgedTokenIs103AndExpiredTokenIs109() {
    ShardHarness.Peer alice = user("alice");
    String forged = Tokens.sign(new JsonObject().put("sub", "alice").put("channel", "$chat:secret")
        .put("exp", nowSeconds() + 60), "some-other-secret-of-enough-length");
    assertEquals(103, errorCode(subscribe(alice, 2, "$chat:secret", forged)));
    assertEquals(109, errorCode(subscribe(alice, 3, "$chat:secret", token("alice", "$chat:secret", -120))));
    assertEquals(103, errorCode(subscribe(alice, 4, "$chat:secret", Tokens.forUser("alice"))),
        "a connection token (no channel claim) is no subscription token");
    assertEquals(107, errorCode(alice.command(5, "subscribe", new JsonObject().put("channel", "$chat:secret")
        .put("token", 42))));
    assertEquals(SessionState.ACTIVE, alice.state());
    assertEquals(0, h.live.subscriptions());
  }

  @Test
  void unrefreshedSubscriptionEndsWith2501AfterTheGrace() {
    ShardHarness.Peer alice = user("alice");
    assertNotNull(subscribe(alice, 2, "$chat:secret", token("alice", "$chat:secret", 10)).getJsonObject("subscribe"));
    h.clock.advance(Duration.ofSeconds(11));
    h.sweep();
    assertEquals(1, h.live.subscriptions(), "still within the grace");
    h.clock.advanceMillis(GRACE_MS);
    h.sweep();
    assertEquals(0, h.live.subscriptions());
    JsonObject push = alice.transport.objects().get(alice.transport.objects().size() - 1);
    JsonObject unsub = push.getJsonObject("push").getJsonObject("unsubscribe");
    assertEquals("$chat:secret", push.getJsonObject("push").getString("channel"));
    assertEquals(2501, unsub.getInteger("code"));
    assertEquals(SessionState.ACTIVE, alice.state(), "only the subscription ends");
  }

  @Test
  void subRefreshExtendsTheSubscription() {
    ShardHarness.Peer alice = user("alice");
    subscribe(alice, 2, "$chat:secret", token("alice", "$chat:secret", 10));
    h.clock.advance(Duration.ofSeconds(9));
    JsonObject refreshed = alice.command(3, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", token("alice", "$chat:secret", 100))).getJsonObject("sub_refresh");
    assertNotNull(refreshed);
    assertEquals(true, refreshed.getBoolean("expires"));
    assertEquals(100, refreshed.getLong("ttl"));
    h.clock.advance(Duration.ofSeconds(30));
    h.sweep();
    assertEquals(1, h.live.subscriptions(), "the old expiry no longer counts");
    h.clock.advance(Duration.ofSeconds(100));
    h.sweep();
    assertEquals(0, h.live.subscriptions(), "the new one does");
  }

  @Test
  void subRefreshRefusals() {
    ShardHarness.Peer alice = user("alice");
    assertEquals(103, errorCode(alice.command(2, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", token("alice", "$chat:secret", 60)))), "not subscribed");
    subscribe(alice, 3, "$chat:secret", token("alice", "$chat:secret", 60));
    assertEquals(107, errorCode(alice.command(4, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", ""))));
    assertEquals(109, errorCode(alice.command(5, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", token("alice", "$chat:secret", -120)))));
    assertEquals(110, errorCode(alice.command(6, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", Tokens.withClaims(new JsonObject().put("sub", "alice").put("channel", "$chat:secret")
            .put("exp", nowSeconds() + 60).put("expire_at", nowSeconds() - 5))))));
    assertEquals(SessionState.ACTIVE, alice.state());
    alice.command(7, "sub_refresh", new JsonObject().put("channel", "$chat:secret")
        .put("token", token("bob", "$chat:secret", 60)));
    assertEquals(3500, alice.transport.closeCode());
  }

  @Test
  void closingASessionWithExpiringSubscriptionsReleasesEverything() {
    ShardHarness.Peer alice = user("alice");
    subscribe(alice, 2, "$chat:secret", token("alice", "$chat:secret", 10));
    subscribe(alice, 3, "vip:lounge", token("alice", "vip:lounge", 20));
    assertEquals(2, h.live.subscriptions());
    h.run(() -> alice.session.close(CloseReason.CLIENT_CLOSED));
    h.clock.advance(Duration.ofSeconds(60));
    h.sweep();
    assertFalse(alice.transport.objects().stream().anyMatch(o -> o.containsKey("push")), "no push after close");
    h.assertReleased();
  }
}
