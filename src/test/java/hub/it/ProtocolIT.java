package hub.it;

import hub.support.MalformedFrames;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol v2 over a real socket: frames of several commands, what may come before connect, every subscribe and
 * publish error, the commands the hub declines, rate limits, and payloads that are not protocol JSON (the frames
 * under them are {@link WebSocketFramesIT}'s). After each test every client is gone and the hub holds nothing: bad
 * input never leaves a stuck session behind.
 */
class ProtocolIT {

  static final int CHANNEL_LIMIT = 4;
  static final int RATE = 50;

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject()
        .put("client", new JsonObject()
            .put("channelLimit", CHANNEL_LIMIT)
            .put("maxCommandsPerSecond", RATE))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true)))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void everyClientGoneAndNothingHeld() {
    clients.forEach(WsClient::reset);
    hub.assertIdle();
    for (WsClient c : clients) {
      assertEquals(List.of(), c.garbageReceived(), "the hub only ever sent JSON objects, one per line");
    }
  }

  private WsClient open() {
    WsClient c = WsClient.open(hub.port());
    clients.add(c);
    return c;
  }

  private WsClient connected(String user) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    return c;
  }

  private static String line(long id, String method, JsonObject params) {
    return new JsonObject().put(method, params).put("id", id).encode();
  }

  private static int errorCode(JsonObject reply) {
    JsonObject error = reply.getJsonObject("error");
    if (error == null) {
      throw new AssertionError("expected an error reply, got " + reply.encode());
    }
    return error.getInteger("code");
  }

  private static void assertAlive(WsClient c) {
    JsonObject pong = c.call("ping", new JsonObject());
    assertTrue(pong.containsKey("ping"), () -> "session still serves commands: " + pong.encode());
  }

  // ---- frames of several commands -------------------------------------------------------------------------------

  @Test
  void optimisticSubscriptionsAreAnsweredInOrderInOneFrame() {
    WsClient c = open();
    // the SDK's first frame: connect plus its pending subscriptions, id written last
    c.sendText(String.join("\n",
        line(1, "connect", new JsonObject().put("token", Tokens.forUser("alice")).put("name", "js")),
        line(2, "subscribe", new JsonObject().put("channel", "news").put("flag", 1)),
        line(3, "subscribe", new JsonObject().put("channel", "chat:lobby").put("flag", 1))));
    assertTrue(c.reply(3).containsKey("subscribe"));
    String first = c.framesReceived().get(0);
    List<Long> ids = Arrays.stream(first.split("\n")).map(l -> new JsonObject(l).getLong("id")).toList();
    assertEquals(List.of(1L, 2L, 3L), ids, "one reply frame, in command order: " + first);
    assertEquals(2L, hub.live().subscriptions());
  }

  @Test
  void subscribeReplyComesBeforeAnyPushOfThatChannel() {
    WsClient c = open();
    c.sendText(String.join("\n",
        line(1, "connect", new JsonObject().put("token", Tokens.forUser("alice"))),
        line(2, "subscribe", new JsonObject().put("channel", "chat:echo")),
        line(3, "publish", new JsonObject().put("channel", "chat:echo").put("data", new JsonObject().put("n", 1)))));
    JsonObject push = c.push();
    assertEquals("chat:echo", push.getJsonObject("push").getString("channel"));
    List<String> frames = c.framesReceived();
    assertTrue(frames.get(0).contains("\"subscribe\":{}"), () -> "replies first: " + frames);
    assertTrue(frames.get(frames.size() - 1).contains("\"push\""), () -> "push last: " + frames);
  }

  // ---- before and around connect ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ping", "subscribe", "unsubscribe", "publish", "presence", "presence_stats", "history",
      "rpc", "refresh", "sub_refresh"})
  void anyCommandBeforeConnectCloses3501(String method) {
    WsClient c = open();
    c.send(method, new JsonObject().put("channel", "news").put("data", 1).put("token", Tokens.forUser("alice")));
    assertEquals(new WsClient.Closed(3501, "bad request"), c.awaitClosed());
  }

  @Test
  void sendBeforeConnectCloses3501() {
    WsClient c = open();
    c.sendText("{\"send\":{\"data\":{}}}");
    assertEquals(3501, c.awaitClosed().code());
  }

  @Test
  void secondConnectCloses3501() {
    WsClient c = connected("alice");
    c.send("connect", new JsonObject().put("token", Tokens.forUser("alice")));
    assertEquals(3501, c.awaitClosed().code());
  }

  @Test
  void connectWithoutTokenCloses3501WhenAnonymousIsOff() {
    WsClient c = open();
    c.send("connect", new JsonObject().put("name", "js"));
    assertEquals(3501, c.awaitClosed().code());
  }

  @Test
  void connectWithTokenThatIsNotAStringCloses3501() {
    WsClient c = open();
    c.send("connect", new JsonObject().put("token", 12345));
    assertEquals(3501, c.awaitClosed().code());
  }

  @Test
  void connectTokenWithNonNumericExpiryCloses3500() {
    WsClient c = open();
    c.send("connect", new JsonObject().put("token",
        Tokens.withClaims(new JsonObject().put("sub", "alice").put("exp", "tomorrow"))));
    assertEquals(3500, c.awaitClosed().code());
  }

  @Test
  void upgradeWithNonNumericExpiryIsRefusedWith401() {
    String token = Tokens.withClaims(new JsonObject().put("sub", "alice").put("exp", "tomorrow"));
    WsClient.Rejected r = assertThrows(WsClient.Rejected.class, () -> WsClient.open(hub.port(),
        "/connection/websocket", WsClient.headers("Authorization", "Bearer " + token), true, 0));
    assertEquals(401, r.status);
  }

  // ---- subscribe ------------------------------------------------------------------------------------------------

  @Test
  void subscribeErrorsKeepTheSessionOpen() {
    WsClient c = connected("alice");
    assertEquals(102, errorCode(c.subscribe("nope:1")), "unknown namespace");
    assertEquals(103, errorCode(c.subscribe("$secret")), "private channel without token");
    assertEquals(103, errorCode(c.subscribe("$chat:secret")), "private channel in a known namespace");
    assertEquals(103, errorCode(c.subscribe("dm#bob,carol")), "user-limited channel for others");
    assertTrue(c.subscribe("dm#bob,alice").containsKey("subscribe"), "user-limited channel listing alice");
    assertEquals(105, errorCode(c.subscribe("dm#bob,alice")), "already subscribed");
    assertEquals(107, errorCode(c.subscribe("chät")), "non-ASCII name");
    assertEquals(107, errorCode(c.subscribe("with space")), "space in name");
    assertEquals(107, errorCode(c.subscribe("a".repeat(256))), "name over 255 characters");
    assertEquals(103, errorCode(c.call("subscribe", new JsonObject().put("channel", "news").put("type", 1))),
        "map subscriptions are not offered");
    assertEquals(107, errorCode(c.call("subscribe", new JsonObject().put("channel", "news")
        .put("tf", new JsonObject().put("key", "x")))), "tag filters are not offered");
    assertAlive(c);
    assertEquals(1L, hub.live().subscriptions());
  }

  @Test
  void channelLimitGivesError106() {
    WsClient c = connected("alice");
    for (int i = 0; i < CHANNEL_LIMIT; i++) {
      assertTrue(c.subscribe("chat:" + i).containsKey("subscribe"));
    }
    assertEquals(106, errorCode(c.subscribe("chat:over")));
    assertTrue(c.call("unsubscribe", new JsonObject().put("channel", "chat:0")).containsKey("unsubscribe"));
    assertTrue(c.subscribe("chat:over").containsKey("subscribe"), "a freed slot can be used again");
    assertEquals((long) CHANNEL_LIMIT, hub.live().subscriptions());
  }

  @Test
  void userLimitedChannelAdmitsEachListedUser() {
    WsClient alice = connected("alice");
    WsClient bob = connected("bob");
    WsClient carol = connected("carol");
    assertTrue(alice.subscribe("dm#alice,bob").containsKey("subscribe"));
    assertTrue(bob.subscribe("dm#alice,bob").containsKey("subscribe"));
    assertEquals(103, errorCode(carol.subscribe("dm#alice,bob")));
  }

  @Test
  void subscribeWithoutChannelCloses3501() {
    WsClient c = connected("alice");
    c.send("subscribe", new JsonObject());
    assertEquals(3501, c.awaitClosed().code());
  }

  @Test
  void unsubscribeFromAChannelNotSubscribedIsASuccess() {
    WsClient c = connected("alice");
    JsonObject reply = c.call("unsubscribe", new JsonObject().put("channel", "never:joined"));
    assertEquals(new JsonObject(), reply.getJsonObject("unsubscribe"));
    assertFalse(reply.containsKey("error"));
    assertAlive(c);
  }

  // ---- publish --------------------------------------------------------------------------------------------------

  @Test
  void clientPublishReachesSubscribersWithPublisherInfo() {
    WsClient alice = connected("alice");
    WsClient bob = connected("bob");
    alice.subscribe("chat:room");
    bob.subscribe("chat:room");
    JsonObject data = new JsonObject().put("text", "hi\nthere").put("n", 1);
    JsonObject ack = alice.call("publish", new JsonObject().put("channel", "chat:room").put("data", data));
    assertEquals(new JsonObject(), ack.getJsonObject("publish"));
    for (WsClient c : List.of(alice, bob)) {
      JsonObject push = c.push().getJsonObject("push");
      assertEquals("chat:room", push.getString("channel"));
      JsonObject pub = push.getJsonObject("pub");
      assertEquals(data, pub.getJsonObject("data"));
      assertEquals("alice", pub.getJsonObject("info").getString("user"));
      assertEquals(alice.clientId(), pub.getJsonObject("info").getString("client"));
    }
  }

  @Test
  void publishErrors() {
    WsClient c = connected("alice");
    assertEquals(103, errorCode(c.call("publish", new JsonObject().put("channel", "news").put("data", 1))),
        "publish not allowed outside chat:");
    assertEquals(102, errorCode(c.call("publish", new JsonObject().put("channel", "nope:1").put("data", 1))));
    assertEquals(107, errorCode(c.call("publish", new JsonObject().put("channel", "chat:1"))), "no data");
    assertEquals(107, errorCode(c.call("publish", new JsonObject().put("channel", "chät").put("data", 1))));
    assertAlive(c);
  }

  // ---- other commands -------------------------------------------------------------------------------------------

  @Test
  void pingCommandIsAnsweredWithAnEmptyPing() {
    WsClient c = connected("alice");
    long id = c.send("ping", new JsonObject());
    assertEquals(new JsonObject().put("id", id).put("ping", new JsonObject()), c.reply(id));
  }

  @Test
  void declinedCommandsGetTheirErrorCodes() {
    WsClient c = connected("alice");
    c.subscribe("news");
    assertEquals(108, errorCode(c.call("history", new JsonObject().put("channel", "news").put("limit", 10))));
    // sub_refresh is answered now that subscription tokens exist: not subscribed is 103 (a forged token closes 3500).
    assertEquals(103, errorCode(c.call("sub_refresh", new JsonObject().put("channel", "other").put("token", "t"))));
    assertEquals(108, errorCode(c.call("presence", new JsonObject().put("channel", "news"))),
        "presence is off outside room:");
    assertEquals(108, errorCode(c.call("presence_stats", new JsonObject().put("channel", "news"))));
    assertEquals(104, errorCode(c.call("rpc", new JsonObject().put("method", "m").put("data", 1))));
    assertAlive(c);
  }

  @Test
  void presenceListsTheSubscribersOfAPresenceChannel() {
    WsClient alice = connected("alice");
    WsClient bob = connected("bob");
    alice.subscribe("room:1");
    bob.subscribe("room:1");
    JsonObject members = alice.call("presence", new JsonObject().put("channel", "room:1"))
        .getJsonObject("presence").getJsonObject("presence");
    assertEquals(Set.of(alice.clientId(), bob.clientId()), members.fieldNames());
    assertEquals("bob", members.getJsonObject(bob.clientId()).getString("user"));
    JsonObject stats = bob.call("presence_stats", new JsonObject().put("channel", "room:1"))
        .getJsonObject("presence_stats");
    assertEquals(new JsonObject().put("num_clients", 2).put("num_users", 2), stats);
  }

  @Test
  void sendIsAcceptedWithoutReply() {
    WsClient c = connected("alice");
    c.sendText("{\"send\":{\"data\":{\"x\":1}}}");
    assertAlive(c);
  }

  // ---- rate limits ----------------------------------------------------------------------------------------------

  private static String pings(int count, long firstId) {
    StringBuilder frame = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        frame.append('\n');
      }
      frame.append(line(firstId + i, "ping", new JsonObject()));
    }
    return frame.toString();
  }

  @Test
  void commandsOverTheRateGetError111() {
    // A second boundary can fall inside the frame and reset the count; a fresh client retries in that rare case.
    int limited = 0;
    for (int attempt = 0; attempt < 3 && limited == 0; attempt++) {
      WsClient c = connected("alice");
      c.sendText(pings(RATE + 10, 100));
      List<JsonObject> replies = new ArrayList<>();
      for (int i = 0; i < RATE + 10; i++) {
        replies.add(c.reply(100 + i));
      }
      for (JsonObject r : replies) {
        if (r.containsKey("error")) {
          assertEquals(111, errorCode(r));
          assertEquals(true, r.getJsonObject("error").getBoolean("temporary"));
          limited++;
        }
      }
      assertTrue(limited <= 11, "at most the commands beyond the limit are refused: " + limited);
      assertFalse(c.isClosed());
    }
    assertTrue(limited > 0, "commands beyond the limit get 111");
  }

  @Test
  void farExceedingTheRateCloses3013() {
    WsClient c = connected("alice");
    c.sendText(pings(RATE * 10, 100)); // however a second boundary splits it, some second sees over twice the limit
    assertEquals(new WsClient.Closed(3013, "too many requests"), c.awaitClosed());
  }

  // ---- bad input: never a stuck session -------------------------------------------------------------------------

  static List<MalformedFrames.Case> malformed() {
    return MalformedFrames.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFrameCloses3501AndReleasesTheSession(MalformedFrames.Case bad) {
    WsClient c = connected("alice");
    c.subscribe("news");
    c.subscribe("chat:x");
    c.sendText(bad.frame());
    assertEquals(new WsClient.Closed(3501, "bad request"), c.awaitClosed());
    hub.assertIdle();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFirstFrameCloses3501(MalformedFrames.Case bad) {
    WsClient c = open();
    c.sendText(bad.frame());
    assertEquals(3501, c.awaitClosed().code());
  }
}
