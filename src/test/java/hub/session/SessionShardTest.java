package hub.session;

import hub.auth.Identity;
import hub.protocol.Publication;
import hub.protocol.ProtocolCodec;
import hub.protocol.ServerVersion;
import hub.support.Pubs;
import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol behaviour of a shard's sessions that needs no socket: command order within a frame, what connect
 * answers, when pings go out, rate limits, and fan-out of one encoded publication.
 */
class SessionShardTest {

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(SessionCloseTest.LIMITS);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String line(long id, String method, JsonObject params) {
    return new JsonObject().put(method, params).put("id", id).encode();
  }

  private static List<Long> ids(List<JsonObject> replies) {
    return replies.stream().map(r -> r.getLong("id")).toList();
  }

  @Test
  void commandsOfOneFrameAreAnsweredInOrderInOneFrame() {
    ShardHarness.Peer p = h.open();
    String frame = String.join("\n",
        line(11, "connect", new JsonObject().put("token", Tokens.forUser("alice")).put("name", "js")),
        line(12, "subscribe", new JsonObject().put("channel", "chat:a").put("flag", 1)),
        line(13, "subscribe", new JsonObject().put("channel", "news")),
        line(14, "publish", new JsonObject().put("channel", "chat:a").put("data", new JsonObject().put("m", 1))),
        line(15, "unsubscribe", new JsonObject().put("channel", "news")),
        line(16, "subscribe", new JsonObject().put("channel", "nope:x")),
        line(17, "ping", new JsonObject()));
    p.send(frame);
    List<String> written = p.written();
    List<JsonObject> replies = Arrays.stream(written.get(0).split("\n")).map(JsonObject::new).toList();
    assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L), ids(replies), "one reply frame, in command order");
    assertTrue(replies.get(0).containsKey("connect"));
    assertEquals(102, replies.get(5).getJsonObject("error").getInteger("code"));
    Await.until("the publication arrives", () -> p.written().size() == 2);
    JsonObject push = new JsonObject(p.written().get(1)).getJsonObject("push");
    assertEquals("chat:a", push.getString("channel"), "the push comes after the subscribe reply");
    assertEquals(1, h.live.subscriptions());
  }

  @Test
  void refusedConnectDiscardsTheRestOfItsFrame() {
    ShardHarness.Peer p = h.open();
    List<JsonObject> replies = p.frame(String.join("\n",
        line(1, "connect", new JsonObject().put("token", Tokens.expired("alice"))),
        line(2, "subscribe", new JsonObject().put("channel", "news")),
        line(3, "ping", new JsonObject())));
    assertEquals(1, replies.size(), () -> "only the connect is answered: " + replies);
    assertEquals(109, replies.get(0).getJsonObject("error").getInteger("code"));
    assertEquals(SessionState.PRECONNECT, p.state());
    assertEquals(0, h.live.subscriptions());
    assertEquals(1, h.live.preconnect());

    JsonObject retry = p.command(4, "connect", new JsonObject().put("token", Tokens.forUser("alice")));
    assertTrue(retry.containsKey("connect"), retry::encode);
    assertEquals(SessionState.ACTIVE, p.state());
    assertEquals(0, h.live.preconnect());
  }

  @Test
  void connectResultCarriesClientIdHeartbeatAndVersion() {
    ShardHarness.Peer p = h.open();
    JsonObject result = p.connect(Tokens.forUser("alice")).getJsonObject("connect");
    assertEquals(h.call(p.session::clientId), result.getString("client"));
    assertEquals(10, result.getInteger("ping"), "pingIntervalMs 10000 is advertised as 10 s");
    assertEquals(true, result.getBoolean("pong"));
    assertEquals(ServerVersion.VALUE, result.getString("version"));
  }

  @Test
  void aTokenWithoutExpIsRefusedUnlessExpIsNotRequired() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.withClaims(new JsonObject().put("sub", "alice")));
    assertEquals(3500, h.call(p.transport::closeCode), "auth.requireExp is on by default");
    try (ShardHarness lenient = new ShardHarness(SessionCloseTest.LIMITS.copy()
        .put("auth", new JsonObject().put("requireExp", false)))) {
      JsonObject result = lenient.open().connect(Tokens.withClaims(new JsonObject().put("sub", "alice")))
          .getJsonObject("connect");
      assertFalse(result.containsKey("expires"), "a token without exp never expires");
      assertFalse(result.containsKey("ttl"));
    }
  }

  @Test
  void connectResultAnnouncesExpiryWithTtlRoundedUp() {
    ShardHarness.Peer p = h.open();
    long expS = h.clock.millis() / 1000 + 90;
    JsonObject result = p.connect(Tokens.withClaims(new JsonObject().put("sub", "alice").put("exp", expS)))
        .getJsonObject("connect");
    assertEquals(true, result.getBoolean("expires"));
    long expected = (expS * 1000 - h.clock.millis() + 999) / 1000;
    assertEquals(expected, result.getLong("ttl"));
  }

  @Test
  void upgradeCredentialAuthenticatesAConnectWithoutToken() {
    ShardHarness.Peer p = h.open(new Identity("carol", null, 0));
    JsonObject reply = p.command(1, "connect", new JsonObject());
    assertTrue(reply.containsKey("connect"), reply::encode);
    assertEquals("carol", h.call(p.session::user));
  }

  @Test
  void upgradeCredentialThatExpiredBeforeConnectGetsError109AndTheClientMayRetry() {
    ShardHarness.Peer p = h.open(new Identity("carol", null, h.clock.millis() + 1_000));
    h.clock.advanceMillis(1_001);
    List<JsonObject> replies = p.frame(line(1, "connect", new JsonObject()) + "\n"
        + line(2, "subscribe", new JsonObject().put("channel", "news")));
    assertEquals(List.of(1L), ids(replies), "the rest of the frame is discarded, as for an expired token");
    assertEquals(109, replies.get(0).getJsonObject("error").getInteger("code"));
    assertEquals(SessionState.PRECONNECT, p.state());
    assertEquals(0, h.live.subscriptions());
    assertTrue(p.command(3, "connect", new JsonObject().put("token", Tokens.forUser("carol"))).containsKey("connect"));
  }

  @Test
  void upgradeCredentialStillValidAtConnectIsAccepted() {
    ShardHarness.Peer p = h.open(new Identity("carol", null, h.clock.millis() + 1_000));
    h.clock.advanceMillis(1_000);
    JsonObject result = p.command(1, "connect", new JsonObject()).getJsonObject("connect");
    assertEquals(true, result.getBoolean("expires"), "exp is the last valid moment");
  }

  @Test
  void firstPingComesInTheSecondHalfOfTheIntervalAndPongsKeepTheSessionAlive() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    int afterConnect = p.written().size();
    h.clock.advance(Duration.ofMillis(4_999));
    h.sweep();
    assertEquals(afterConnect, p.written().size(), "no ping before half the interval");
    h.clock.advance(Duration.ofMillis(5_001));
    h.sweep();
    assertEquals("{}", p.written().get(afterConnect), "a ping by the full interval");
    for (int i = 0; i < 5; i++) {
      p.send("{}"); // pong
      h.clock.advance(Duration.ofMillis(3_500)); // past the pong timeout of the ping just answered
      h.sweep();
      assertEquals(SessionState.ACTIVE, p.state(), "an answered ping never closes");
      h.clock.advance(Duration.ofMillis(6_500));
      h.sweep();
      assertEquals(afterConnect + 2 + i, p.written().size(), "one ping per interval");
    }
  }

  @Test
  void pingsGoOutWhateverOtherTrafficThereIs() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    for (int i = 0; i < 12; i++) {
      p.command(100 + i, "ping", new JsonObject()); // busy client: one command every second
      h.clock.advance(Duration.ofSeconds(1));
      h.sweep();
    }
    assertTrue(p.written().contains("{}"), "a busy client is pinged too");
    h.clock.advance(Duration.ofSeconds(4));
    h.sweep();
    assertEquals(SessionState.CLOSED, p.state(), "and closed when it does not answer");
    assertEquals(3012, h.call(p.transport::closeCode));
  }

  @Test
  void commandsAboveTheRateGetError111AndTheSessionStays() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice")); // 1 of 10 this second
    StringBuilder frame = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      frame.append(line(100 + i, "ping", new JsonObject())).append('\n');
    }
    List<JsonObject> replies = p.frame(frame.toString());
    assertEquals(14, replies.size());
    for (int i = 0; i < 14; i++) {
      if (i < 9) {
        assertTrue(replies.get(i).containsKey("ping"), replies.get(i)::encode);
      } else {
        assertEquals(111, replies.get(i).getJsonObject("error").getInteger("code"), replies.get(i)::encode);
        assertEquals(true, replies.get(i).getJsonObject("error").getBoolean("temporary"));
      }
    }
    assertEquals(SessionState.ACTIVE, p.state());
    h.clock.advance(Duration.ofSeconds(1));
    assertTrue(p.command(200, "ping", new JsonObject()).containsKey("ping"), "a new second, a new budget");
  }

  /** Connects and lets the first ping go out (by the full interval at the latest). */
  private ShardHarness.Peer pinged() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    int before = p.written().size();
    h.clock.advance(Duration.ofMillis(10_000));
    h.sweep();
    assertEquals("{}", p.written().get(before), "a ping went out");
    return p;
  }

  @Test
  void pongsCountAgainstTheRate() {
    ShardHarness.Peer p = pinged(); // the clock moved on: a fresh second with 10 commands
    StringBuilder frame = new StringBuilder("{}\n");
    for (int i = 0; i < 10; i++) {
      frame.append(line(100 + i, "ping", new JsonObject())).append('\n');
    }
    List<JsonObject> replies = p.frame(frame.toString());
    assertEquals(10, replies.size());
    assertTrue(replies.get(8).containsKey("ping"), "the pong was the first of ten");
    assertEquals(111, replies.get(9).getJsonObject("error").getInteger("code"), replies.get(9)::encode);
    assertEquals(SessionState.ACTIVE, p.state(), "the pong answered its ping");
  }

  @Test
  void onePongAnswersOnePingAndASecondCloses3501() {
    ShardHarness.Peer p = pinged();
    p.send("{}");
    assertEquals(SessionState.ACTIVE, p.state());
    p.send("{}");
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void aFloodOfPongsInOneFrameCloses3501() {
    ShardHarness.Peer p = pinged();
    p.send("{}\n".repeat(50));
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    assertEquals(1.0, h.closed("bad_request"));
    h.assertReleased();
  }

  @Test
  void aPongNobodyAskedForCloses3501() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.send("{}"); // connected, but no ping went out yet
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void aPongBeforeConnectCloses3501() {
    ShardHarness.Peer p = h.open();
    p.send("{}");
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void onePublicationIsEncodedOnceAndSharedBySubscribers() {
    ShardHarness.Peer a = h.open();
    ShardHarness.Peer b = h.open();
    ShardHarness.Peer c = h.open();
    a.connect(Tokens.forUser("alice"));
    b.connect(Tokens.forUser("bob"));
    c.connect(Tokens.forUser("carol"));
    a.subscribe(2, "chat:a");
    b.subscribe(2, "chat:a");
    c.subscribe(2, "news");
    int aBefore = a.written().size();
    int bBefore = b.written().size();
    int cBefore = c.written().size();
    List<JsonObject> ack = a.frame(line(3, "publish", new JsonObject().put("channel", "chat:a")
        .put("data", new JsonObject().put("text", "hi"))));
    assertTrue(ack.get(0).containsKey("publish"));
    Await.until("both subscribers got the push", () -> b.written().size() == bBefore + 1
        && a.written().size() == aBefore + 2);
    byte[] toA = h.call(() -> a.transport.frames().get(aBefore + 1));
    byte[] toB = h.call(() -> b.transport.frames().get(bBefore));
    assertSame(toA, toB, "the same encoded bytes go to every subscriber");
    JsonObject pub = new JsonObject(new String(toB, StandardCharsets.UTF_8))
        .getJsonObject("push").getJsonObject("pub");
    assertEquals(new JsonObject().put("text", "hi"), pub.getJsonObject("data"));
    assertEquals("alice", pub.getJsonObject("info").getString("user"));
    assertEquals(h.call(a.session::clientId), pub.getJsonObject("info").getString("client"));
    assertEquals(cBefore, c.written().size(), "other channels hear nothing");
  }

  @Test
  void aPublicationLargerThanTheQueueLimitReachesAClientWithNothingQueued() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "news");
    int before = p.written().size();
    Publication big = Pubs.of("news", "x".repeat(8192));
    assertTrue(big.jsonPush().length > h.config.client().maxQueuedBytes(), "the push alone is over the limit");
    h.broker.publish(big);
    Await.until("the push is written", () -> p.written().size() == before + 1);
    h.run(() -> { }); // a slow-consumer close would be deferred to this turn
    assertEquals(SessionState.ACTIVE, p.state());
    assertEquals(0.0, h.closed("slow"));
  }

  @Test
  void aFrameBehindQueuedBytesThatWouldPassTheLimitCutsTheClientAsSlow() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "news");
    int before = p.written().size();
    h.run(() -> p.transport.queuedBytes(1));
    h.broker.publish(Pubs.of("news", "x".repeat(8192)));
    Await.until("the session is cut as slow", () -> h.closed("slow") == 1.0);
    assertEquals(before, p.written().size(), "the frame is not queued");
    assertEquals(SessionState.CLOSED, p.state());
  }

  @Test
  void preconnectSessionReceivesNoPublications() {
    ShardHarness.Peer pre = h.open();
    ShardHarness.Peer sub = h.open();
    sub.connect(Tokens.forUser("bob"));
    sub.subscribe(2, "news");
    int before = sub.written().size();
    h.broker.publish(Pubs.of("news", 1));
    Await.until("subscriber got it", () -> sub.written().size() == before + 1);
    assertTrue(pre.written().isEmpty());
  }

  @Test
  void sendIsDroppedWithoutReplyAndCounted() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    assertTrue(p.frame("{\"send\":{\"data\":{\"x\":1}}}").isEmpty());
    assertEquals(SessionState.ACTIVE, p.state());
    assertEquals(1L, h.stats().getLong("sendsDropped"));
  }

  @Test
  void shardStatisticsCountClientsUsersAndChannels() {
    ShardHarness.Peer a1 = h.open();
    ShardHarness.Peer a2 = h.open();
    ShardHarness.Peer b = h.open();
    h.open(); // pre-connect: a session, not a client
    a1.connect(Tokens.forUser("alice"));
    a2.connect(Tokens.forUser("alice"));
    b.connect(Tokens.forUser("bob"));
    a1.subscribe(2, "news");
    a2.subscribe(2, "news");
    b.subscribe(2, "chat:a");
    JsonObject stats = h.stats();
    assertEquals(3, stats.getInteger("clients"));
    assertEquals(4, stats.getInteger("sessions"));
    assertEquals(3, stats.getInteger("subs"));
    assertEquals(2, stats.getJsonArray("users").size());
    assertEquals(new JsonObject().put("news", 2).put("chat:a", 1), stats.getJsonObject("channels"));
    h.await(() -> h.shard.drain(Duration.ZERO));
    h.assertReleased();
  }

  @Test
  void commandsAfterAnUnfinishedOneWaitAndKeepTheirOrder() {
    ShardHarness.Peer p = h.open();
    h.presence.hold(true);
    p.send(String.join("\n",
        line(1, "connect", new JsonObject().put("token", Tokens.forUser("alice"))),
        line(2, "subscribe", new JsonObject().put("channel", "room:1")),
        line(3, "presence", new JsonObject().put("channel", "room:1")),
        line(4, "subscribe", new JsonObject().put("channel", "news")),
        line(5, "ping", new JsonObject())));
    assertEquals(1, h.presence.held(), "the presence query is out");
    assertEquals(List.of(1L, 2L), ids(h.call(p.transport::objects)), "what came before it is answered at once");
    assertTrue(h.call(p.transport::paused), "reading stops while a command is unfinished");
    assertEquals(1, h.live.subscriptions(), "the subscribe after it has not run yet");
    p.send(line(6, "ping", new JsonObject())); // a frame that arrives meanwhile

    assertEquals(List.of(1L, 2L), ids(h.call(p.transport::objects)));
    h.run(h.presence::releaseOne);
    List<JsonObject> all = h.call(p.transport::objects);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ids(all), "answered in command order");
    JsonObject members = all.get(2).getJsonObject("presence").getJsonObject("presence");
    assertEquals("alice", members.getJsonObject(h.call(p.session::clientId)).getString("user"));
    assertEquals(2, h.live.subscriptions());
    assertFalse(h.call(p.transport::paused), "reading resumes");
  }

  @Test
  void sessionClosedWhileACommandIsUnfinishedStaysClosed() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "room:1");
    h.presence.hold(true);
    p.send(line(3, "presence_stats", new JsonObject().put("channel", "room:1")) + "\n"
        + line(4, "subscribe", new JsonObject().put("channel", "news")));
    int written = p.written().size();
    h.run(() -> p.transport.events().onClosed(false));
    h.run(h.presence::releaseOne);
    assertEquals(written, p.written().size(), "nothing is written after close");
    assertEquals(SessionState.CLOSED, p.state());
    h.assertReleased();
  }

  @Test
  void presenceIsForSubscribersOfPresenceChannels() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "news");
    assertEquals(103, p.command(3, "presence", new JsonObject().put("channel", "room:1"))
        .getJsonObject("error").getInteger("code"), "not subscribed");
    assertEquals(108, p.command(4, "presence", new JsonObject().put("channel", "news"))
        .getJsonObject("error").getInteger("code"), "presence off for the namespace");
    assertEquals(102, p.command(5, "presence_stats", new JsonObject().put("channel", "nope:1"))
        .getJsonObject("error").getInteger("code"));
    p.subscribe(6, "room:1");
    JsonObject stats = p.command(7, "presence_stats", new JsonObject().put("channel", "room:1"));
    assertEquals(new JsonObject().put("num_clients", 1).put("num_users", 1), stats.getJsonObject("presence_stats"));
    h.run(() -> p.transport.events().onClosed(true));
    assertEquals(new JsonObject(), Await.result(h.presence.members("room:1")),
        "a closed session leaves presence");
    h.assertReleased();
  }

  @Test
  void floodingWhileACommandWaitsCloses3013() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "room:1");
    h.presence.hold(true);
    p.send(line(3, "presence", new JsonObject().put("channel", "room:1")));
    for (int i = 0; i < CommandQueue.MAX_PARKED_FRAMES; i++) {
      p.send("{}");
    }
    assertEquals(SessionState.ACTIVE, p.state(), "a bounded number of frames may wait");
    p.send("{}");
    assertEquals(SessionState.CLOSED, p.state(), "one more is abuse");
    assertEquals(3013, h.call(p.transport::closeCode));
    h.run(h.presence::releaseOne);
    h.assertReleased();
  }
}
