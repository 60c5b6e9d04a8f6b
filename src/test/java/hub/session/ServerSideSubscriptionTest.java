package hub.session;

import hub.cluster.UserSubscription;
import hub.protocol.Publication;
import hub.support.Await;
import hub.support.Pubs;
import hub.support.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side subscriptions: the connection token's {@code channels} subscribe the session at connect (results in
 * the connect result's {@code subs}, recovery for history channels, 3010 when such a subscription loses its place),
 * and the server API's subscribe/unsubscribe reach live sessions with pushes. Everything is released by the close.
 */
class ServerSideSubscriptionTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(StreamSessionTest.CONFIG.copy().put("client", new JsonObject().put("channelLimit", 3)));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String token(String user, String... channels) {
    return Tokens.withClaims(new JsonObject().put("sub", user).put("exp", Tokens.nowSeconds() + 3600)
        .put("channels", new JsonArray(List.of(channels))));
  }

  private static JsonObject connect(ShardHarness.Peer p, String token, JsonObject subs) {
    JsonObject params = new JsonObject().put("token", token);
    if (subs != null) {
      params.put("subs", subs);
    }
    return p.command(1, "connect", params);
  }

  private static Integer errorCode(JsonObject reply) {
    JsonObject error = reply.getJsonObject("error");
    return error == null ? null : error.getInteger("code");
  }

  @Test
  void tokenChannelsAreSubscribedAtConnectAndTheResultComesFirst() {
    ShardHarness.Peer p = h.open();
    JsonObject result = connect(p, token("ann", "chat:a", "room:1"), null).getJsonObject("connect");
    JsonObject subs = result.getJsonObject("subs");
    assertEquals(new JsonObject(), subs.getJsonObject("chat:a"), result::encode);
    JsonObject room = subs.getJsonObject("room:1");
    assertEquals(true, room.getBoolean("recoverable"), room::encode);
    assertNotNull(room.getString("epoch"));
    assertEquals(0L, room.getLong("offset"));
    assertEquals(2, h.live.subscriptions());
    int before = p.written().size();
    h.broker.publish(Pubs.of("chat:a", "hello"));
    Await.until("the publication arrives", () -> p.written().size() > before);
    JsonObject push = new JsonObject(p.written().get(before)).getJsonObject("push");
    assertEquals("chat:a", push.getString("channel"));
    assertEquals("hello", push.getJsonObject("pub").getString("data"));
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void tokenSubsClaimSubscribesItsChannelsWithTheirDataAndAMalformedOneIsAnInvalidToken() {
    ShardHarness.Peer p = h.open();
    String token = Tokens.withClaims(new JsonObject().put("sub", "ann").put("exp", Tokens.nowSeconds() + 3600)
        .put("subs", new JsonObject().put("chat:a", new JsonObject().put("data", new JsonObject().put("hi", 1))
            .put("info", "seat 1"))));
    JsonObject subs = connect(p, token, null).getJsonObject("connect").getJsonObject("subs");
    assertEquals(new JsonObject().put("data", new JsonObject().put("hi", 1)), subs.getJsonObject("chat:a"));
    assertEquals(1, h.live.subscriptions());
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();

    ShardHarness.Peer bad = h.open();
    connect(bad, Tokens.withClaims(new JsonObject().put("sub", "ann").put("exp", Tokens.nowSeconds() + 3600)
        .put("subs", new JsonObject().put("chat:a", new JsonObject().put("override", "on")))), null);
    assertEquals(3500, h.call(bad.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void aReturningClientRecoversItsServerSideHistoryChannelAtConnect() {
    ShardHarness.Peer first = h.open();
    String epoch = connect(first, token("ann", "room:1"), null).getJsonObject("connect").getJsonObject("subs")
        .getJsonObject("room:1").getString("epoch");
    h.run(() -> first.transport.events().onClosed(false));
    ShardHarness.Peer publisher = h.open();
    publisher.connect(Tokens.forUser("bob"));
    for (int i = 1; i <= 2; i++) {
      assertNotNull(publisher.command(1 + i, "publish", new JsonObject().put("channel", "room:1").put("data", i))
          .getJsonObject("publish"));
    }
    ShardHarness.Peer back = h.open();
    JsonObject room = connect(back, token("ann", "room:1"), new JsonObject().put("room:1",
        new JsonObject().put("recover", true).put("epoch", epoch).put("offset", 0))).getJsonObject("connect")
        .getJsonObject("subs").getJsonObject("room:1");
    assertEquals(true, room.getBoolean("recovered"), room::encode);
    assertEquals(2, room.getJsonArray("publications").size(), room::encode);
    assertEquals(0L, room.getLong("offset"), "the client's own: it advances through the publications");
    assertEquals(2L, room.getJsonArray("publications").getJsonObject(1).getLong("offset"));
    h.run(() -> back.transport.events().onClosed(false));
    h.run(() -> publisher.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void unusableServerSideChannelsRefuseTheConnectAndTheClientMayRetry() {
    ShardHarness.Peer p = h.open();
    assertEquals(102, errorCode(connect(p, token("ann", "nope:x"), null)));
    assertEquals(106, errorCode(connect(p, token("ann", "chat:a", "chat:b", "chat:c", "chat:d"), null)));
    assertEquals(107, errorCode(connect(p, token("ann", "room:1"), new JsonObject().put("room:1",
        new JsonObject().put("offset", "three")))));
    assertEquals(SessionState.PRECONNECT, p.state(), "a refusal is a reply: the client may try again");
    assertNotNull(connect(p, token("ann", "chat:a"), null).getJsonObject("connect"));
    ShardHarness.Peer bad = h.open();
    connect(bad, Tokens.withClaims(new JsonObject().put("sub", "ann").put("channels", "chat:a")), null);
    assertEquals(3500, bad.transport.closeCode(), "a channels claim that is not an array makes the token invalid");
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aClientThatVanishesWhileItsServerSideReadIsInFlightLeavesNothing() {
    ShardHarness.Peer p = h.open();
    h.store.holdReads = true;
    p.send(new JsonObject().put("id", 1).put("connect", new JsonObject().put("token", token("ann", "chat:a", "room:1")))
        .encode());
    Await.until("the read is in flight", () -> h.store.heldReads() == 1);
    h.run(() -> p.transport.events().onClosed(false));
    h.store.release();
    h.run(() -> { });
    assertFalse(p.written().stream().anyMatch(w -> w.contains("\"connect\"")), "no connect result after the close");
    h.assertReleased();
  }

  @Test
  void aStoreThatFailsAtConnectIsTemporaryError100() {
    ShardHarness.Peer p = h.open();
    h.store.failAll = true;
    JsonObject reply = connect(p, token("ann", "chat:a", "room:1"), null);
    assertEquals(100, errorCode(reply), reply::encode);
    assertEquals(0, h.live.subscriptions());
    assertEquals(0, h.stats().getInteger("streams"), "the joins are given back");
    h.store.failAll = false;
    assertNotNull(connect(p, token("ann", "chat:a", "room:1"), null).getJsonObject("connect"));
    h.run(() -> p.transport.events().onClosed(false));
    h.assertReleased();
  }

  @Test
  void aServerSideSubscriptionThatLosesItsPositionClosesWith3010() {
    ShardHarness.Peer p = h.open();
    String epoch = connect(p, token("ann", "room:1"), null).getJsonObject("connect").getJsonObject("subs")
        .getJsonObject("room:1").getString("epoch");
    h.broker.publish(new Publication("room:1", 3, epoch, Publication.encodePub("late", null, null)));
    Await.until("closed", () -> p.state() == SessionState.CLOSED);
    assertEquals(3010, p.transport.closeCode());
    h.assertReleased();
  }

  @Test
  void theServerApiSubscribesAndUnsubscribesLiveSessionsWithPushes() {
    ShardHarness.Peer ann = h.open();
    ann.connect(Tokens.forUser("ann"));
    ShardHarness.Peer bob = h.open();
    bob.connect(Tokens.forUser("bob"));
    int before = ann.written().size();
    h.broker.subscription(new UserSubscription(true, "ann", "room:1", null));
    Await.until("ann is told", () -> ann.written().size() > before);
    JsonObject push = new JsonObject(ann.written().get(before)).getJsonObject("push");
    assertEquals("room:1", push.getString("channel"));
    assertEquals(true, push.getJsonObject("subscribe").getBoolean("recoverable"), push::encode);
    assertEquals(1, h.live.subscriptions(), "only ann's session");
    h.broker.subscription(new UserSubscription(true, "ann", "chat:x", "another-client"));
    h.run(() -> { });
    assertEquals(1, h.live.subscriptions(), "a client filter that matches nobody does nothing");
    int mid = ann.written().size();
    h.broker.subscription(new UserSubscription(false, "ann", "room:1", null));
    Await.until("ann is told again", () -> ann.written().size() > mid);
    JsonObject unsub = new JsonObject(ann.written().get(mid)).getJsonObject("push");
    assertEquals(2000, unsub.getJsonObject("unsubscribe").getInteger("code"));
    assertEquals(0, h.live.subscriptions());
    assertTrue(bob.written().size() == 1, "bob saw nothing but his connect result");
    h.run(() -> ann.transport.events().onClosed(false));
    h.run(() -> bob.transport.events().onClosed(false));
    h.assertReleased();
  }
}
