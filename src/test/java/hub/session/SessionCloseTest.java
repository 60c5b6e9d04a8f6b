package hub.session;

import hub.cluster.UserDisconnect;
import hub.support.Pubs;
import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a session can end, driven from outside the session (socket events, the clock, the broker, the shard),
 * ends in the one close routine: the client is told the right code (or nothing, when it is gone), and the shard
 * holds nothing for it afterwards. A second close only counts.
 */
class SessionCloseTest {

  /** Short, round deadlines and small limits; {@code room:} keeps presence, so closes must also leave presence. */
  static final JsonObject LIMITS = new JsonObject()
      .put("channels", new JsonObject().put("namespaces", new JsonObject()
          .put("room", new JsonObject().put("presence", true))))
      .put("client", new JsonObject()
          .put("pingIntervalMs", 10_000)
          .put("pongTimeoutMs", 3_000)
          .put("connectTimeoutMs", 5_000)
          .put("expiredCloseDelayMs", 1_000)
          .put("maxQueuedBytes", 4096)
          .put("maxCommandsPerSecond", 10)
          .put("channelLimit", 8));

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(LIMITS);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * One exit path.
   *
   * @param connected whether the session is connected (and subscribed to two channels) before the trigger
   * @param token     mints the connect token when the test runs (so that its expiry is relative to the test's clock)
   */
  record ClosePath(String name, CloseReason expected, boolean connected, Function<ShardHarness, String> token,
                   BiConsumer<ShardHarness, ShardHarness.Peer> trigger) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ClosePath connected(String name, CloseReason expected,
                                     BiConsumer<ShardHarness, ShardHarness.Peer> trigger) {
    return new ClosePath(name, expected, true, h -> Tokens.forUser("alice"), trigger);
  }

  private static ClosePath preconnect(String name, CloseReason expected,
                                      BiConsumer<ShardHarness, ShardHarness.Peer> trigger) {
    return new ClosePath(name, expected, false, null, trigger);
  }

  static Stream<ClosePath> closePaths() {
    Duration interval = Duration.ofMillis(10_000);
    Duration pongTimeout = Duration.ofMillis(3_000);
    return Stream.of(
        connected("client close frame", CloseReason.CLIENT_CLOSED,
            (h, p) -> h.run(() -> p.transport.events().onClosed(true))),
        connected("connection lost without close frame", CloseReason.CONNECTION_LOST,
            (h, p) -> h.run(() -> p.transport.events().onClosed(false))),
        connected("connection reset reported as a failure", CloseReason.CONNECTION_LOST,
            (h, p) -> h.run(() -> p.transport.events().onFailure(new IOException("Connection reset by peer"), true))),
        connected("other socket failure", CloseReason.TRANSPORT_ERROR,
            (h, p) -> h.run(() -> p.transport.events().onFailure(new IllegalStateException("boom"), false))),
        connected("oversized message", CloseReason.MESSAGE_TOO_BIG,
            (h, p) -> h.run(() -> p.transport.events().onOversized())),
        connected("malformed frame", CloseReason.BAD_REQUEST, (h, p) -> p.send("{\"id\":5,")),
        connected("missing pong", CloseReason.NO_PONG, (h, p) -> {
          h.clock.advance(interval);
          h.sweep();
          assertTrue(p.written().contains("{}"), "a ping went out first: " + p.written());
          assertEquals(SessionState.ACTIVE, p.state(), "not closed before the pong deadline");
          h.clock.advance(pongTimeout);
          h.sweep();
        }),
        // exp from the fake clock, so that the deadlines below are exact whatever the real time is
        new ClosePath("token expiry", CloseReason.EXPIRED, true,
            h -> Tokens.withClaims(new JsonObject().put("sub", "alice").put("exp", h.clock.millis() / 1000 + 60)),
            (h, p) -> {
              h.clock.advance(Duration.ofSeconds(60));
              h.sweep();
              assertEquals(SessionState.ACTIVE, p.state(), "the grace delay applies");
              h.clock.advance(Duration.ofMillis(1_001));
              h.sweep();
            }),
        connected("slow consumer on fan-out", CloseReason.SLOW, (h, p) -> {
          h.run(() -> p.transport.queuedBytes(4096));
          h.broker.publish(Pubs.of("chat:a", "x"));
        }),
        connected("slow consumer on a reply", CloseReason.SLOW, (h, p) -> {
          h.run(() -> p.transport.queuedBytes(4090));
          p.send(new JsonObject().put("id", 9).put("ping", new JsonObject()).encode());
        }),
        connected("server API disconnect", CloseReason.FORCE_DISCONNECT, (h, p) -> h.run(() ->
            h.shard.onDisconnect(new UserDisconnect("alice", null, List.of(), 3503, "force disconnect")))),
        connected("server API disconnect with its own code", CloseReason.requested(4001, "maintenance"),
            (h, p) -> h.run(() ->
                h.shard.onDisconnect(new UserDisconnect("alice", null, List.of(), 4001, "maintenance")))),
        connected("drain over a window", CloseReason.SHUTDOWN,
            (h, p) -> h.await(() -> h.shard.drain(Duration.ofMillis(250)))),
        connected("drain at once", CloseReason.SHUTDOWN, (h, p) -> h.await(() -> h.shard.drain(Duration.ZERO))),
        connected("command flood", CloseReason.TOO_MANY_REQUESTS, (h, p) -> {
          StringBuilder frame = new StringBuilder();
          for (int i = 0; i < 21; i++) {
            frame.append("{\"id\":").append(100 + i).append(",\"ping\":{}}\n");
          }
          p.send(frame.toString());
        }),
        connected("internal error while handling a command", CloseReason.INTERNAL, (h, p) -> {
          h.presence.throwOnQuery(new IllegalStateException("bug in a collaborator"));
          p.send(new JsonObject().put("id", 7).put("presence", new JsonObject().put("channel", "room:1")).encode());
          h.presence.throwOnQuery(null);
        }),
        connected("second connect", CloseReason.BAD_REQUEST,
            (h, p) -> p.send(new JsonObject().put("id", 7).put("connect",
                new JsonObject().put("token", Tokens.forUser("alice"))).encode())),
        connected("subscribe without channel", CloseReason.BAD_REQUEST,
            (h, p) -> p.send("{\"id\":7,\"subscribe\":{}}")),
        connected("publish without channel", CloseReason.BAD_REQUEST,
            (h, p) -> p.send("{\"id\":7,\"publish\":{\"data\":1}}")),
        connected("refresh for another user", CloseReason.INVALID_TOKEN,
            (h, p) -> p.send(new JsonObject().put("id", 7).put("refresh",
                new JsonObject().put("token", Tokens.forUser("mallory"))).encode())),
        connected("refresh with an expired token", CloseReason.EXPIRED,
            (h, p) -> p.send(new JsonObject().put("id", 7).put("refresh",
                new JsonObject().put("token", Tokens.expired("alice"))).encode())),
        preconnect("connect deadline", CloseReason.STALE, (h, p) -> {
          h.clock.advance(Duration.ofMillis(4_999));
          h.sweep();
          assertEquals(SessionState.PRECONNECT, p.state());
          h.clock.advanceMillis(1);
          h.sweep();
        }),
        preconnect("connect deadline despite refused connects", CloseReason.STALE, (h, p) -> {
          assertEquals(109, p.connect(Tokens.expired("alice")).getJsonObject("error").getInteger("code"));
          h.clock.advance(Duration.ofMillis(5_000));
          h.sweep();
        }),
        preconnect("forged token", CloseReason.INVALID_TOKEN, (h, p) -> p.connect(Tokens.forged("alice"))),
        preconnect("unsigned token", CloseReason.INVALID_TOKEN, (h, p) -> p.connect(Tokens.unsigned("alice"))),
        preconnect("connect without token", CloseReason.BAD_REQUEST,
            (h, p) -> p.send("{\"id\":1,\"connect\":{}}")),
        preconnect("subscribe before connect", CloseReason.BAD_REQUEST, (h, p) -> p.subscribe(1, "news")),
        preconnect("pong before connect", CloseReason.BAD_REQUEST, (h, p) -> p.send("{}")),
        connected("pong without a ping", CloseReason.BAD_REQUEST, (h, p) -> p.send("{}")),
        preconnect("malformed frame before connect", CloseReason.BAD_REQUEST, (h, p) -> p.send("[]")),
        preconnect("client gone before connect", CloseReason.CONNECTION_LOST,
            (h, p) -> h.run(() -> p.transport.events().onClosed(false))),
        preconnect("drain before connect", CloseReason.SHUTDOWN,
            (h, p) -> h.await(() -> h.shard.drain(Duration.ofMillis(150)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closePaths")
  void everyExitReleasesEverything(ClosePath path) {
    ShardHarness.Peer p = h.open();
    if (path.connected) {
      JsonObject reply = p.connect(path.token.apply(h));
      assertTrue(reply.containsKey("connect"), reply::encode);
      assertTrue(p.subscribe(2, "chat:a").containsKey("subscribe"));
      assertTrue(p.subscribe(3, "news").containsKey("subscribe"));
      assertTrue(p.subscribe(4, "room:1").containsKey("subscribe"));
      assertEquals(3, h.live.subscriptions());
      assertEquals(3, h.live.channels());
      assertEquals(0, h.live.preconnect());
    } else {
      assertEquals(1, h.live.preconnect());
    }
    assertEquals(1, h.live.sessions());

    path.trigger.accept(h, p);
    Await.until(path.name + " closes the session", () -> p.state() == SessionState.CLOSED);

    h.assertReleased();
    assertEquals(new JsonObject(), Await.result(h.presence.members("room:1")), "presence left");
    assertEquals(1.0, h.closed(path.expected.tag()), "counted once under " + path.expected.tag());
    assertEquals(0.0, h.closeRepeated(), "one close, not two");
    int[] seen = h.call(() -> new int[] {p.transport.closeCalls(), p.transport.abortCalls()});
    if (path.expected.peerGone()) {
      assertEquals(0, seen[0], "no close frame to a peer that is gone");
      assertEquals(1, seen[1], "the connection is dropped");
    } else {
      assertEquals(1, seen[0], "exactly one close frame");
      assertEquals(0, seen[1]);
      assertEquals(path.expected.code(), h.call(p.transport::closeCode));
      assertEquals(path.expected.reason(), h.call(p.transport::closeReason));
    }
  }

  @Test
  void secondCloseOnlyCounts() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "chat:a");
    h.run(() -> p.session.close(CloseReason.FORCE_DISCONNECT));
    h.run(() -> p.session.close(CloseReason.SHUTDOWN));
    // what the real socket does next: it reports the close handshake it just completed
    h.run(() -> p.transport.events().onClosed(true));
    h.run(() -> p.transport.events().onFailure(new IOException("late"), true));
    assertEquals(1.0, h.closeRepeated(), "only the second close request; the socket's echoes are not requests");
    assertEquals(1.0, h.closed(CloseReason.FORCE_DISCONNECT.tag()));
    assertEquals(0.0, h.closed(CloseReason.SHUTDOWN.tag()));
    assertEquals(0.0, h.closed(CloseReason.CLIENT_CLOSED.tag()));
    assertEquals(1, h.call(p.transport::closeCalls));
    assertEquals(0, h.call(p.transport::abortCalls));
    h.assertReleased();
  }

  /** One exit that drops the connection and one that sends a close frame. */
  static Stream<CloseReason> abortAndCloseFrame() {
    return Stream.of(CloseReason.CONNECTION_LOST, CloseReason.NO_PONG);
  }

  @ParameterizedTest
  @MethodSource("abortAndCloseFrame")
  void aSocketThatThrowsWhileClosingStillReleasesAndCountsTheSession(CloseReason reason) {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    p.subscribe(2, "room:1");
    h.run(() -> p.transport.failOnClose());
    h.run(() -> p.session.close(reason));
    h.assertReleased();
    assertEquals(1.0, h.closed(reason.tag()), "counted, although the socket threw");
    assertEquals(new JsonObject(), Await.result(h.presence.members("room:1")), "presence left");
  }

  @Test
  void lateEventsAfterCloseAreIgnored() {
    ShardHarness.Peer p = h.open();
    p.connect(Tokens.forUser("alice"));
    h.run(() -> p.session.close(CloseReason.NO_PONG));
    int written = p.written().size();
    p.send("{\"id\":2,\"subscribe\":{\"channel\":\"news\"}}");
    h.run(() -> p.transport.events().onOversized());
    h.broker.publish(Pubs.of("news", 1));
    h.clock.advance(Duration.ofMinutes(5));
    h.sweep();
    assertEquals(written, p.written().size(), "nothing more is written to a closed session");
    assertEquals(1.0, h.closed(CloseReason.NO_PONG.tag()));
    assertEquals(1.0, h.closeRepeated(), "only the oversized report reached close again");
    h.assertReleased();
  }

  @Test
  void closingOneSessionLeavesTheOthersSubscriptions() {
    ShardHarness.Peer a = h.open();
    ShardHarness.Peer b = h.open();
    a.connect(Tokens.forUser("alice"));
    b.connect(Tokens.forUser("bob"));
    a.subscribe(2, "chat:a");
    b.subscribe(2, "chat:a");
    b.subscribe(3, "news");
    assertEquals(3, h.live.subscriptions());
    h.run(() -> a.transport.events().onClosed(false));
    assertEquals(2, h.live.subscriptions());
    assertEquals(2, h.live.channels());
    assertEquals(1, h.live.sessions());
    int before = b.written().size();
    h.broker.publish(Pubs.of("chat:a", "still here"));
    Await.until("b receives the publication", () -> b.written().size() == before + 1);
    h.run(() -> b.session.close(CloseReason.SHUTDOWN));
    h.assertReleased();
  }

  @Test
  void apiDisconnectSparesOtherUsersWhitelistedAndPreconnectSessions() {
    ShardHarness.Peer a1 = h.open();
    ShardHarness.Peer a2 = h.open();
    ShardHarness.Peer b = h.open();
    ShardHarness.Peer pre = h.open();
    a1.connect(Tokens.forUser("alice"));
    a2.connect(Tokens.forUser("alice"));
    b.connect(Tokens.forUser("bob"));
    String keep = h.call(a2.session::clientId);
    h.run(() -> h.shard.onDisconnect(new UserDisconnect("alice", null, List.of(keep), 3503, "force disconnect")));
    assertEquals(SessionState.CLOSED, a1.state());
    assertEquals(SessionState.ACTIVE, a2.state());
    assertEquals(SessionState.ACTIVE, b.state());
    assertEquals(SessionState.PRECONNECT, pre.state());
    h.run(() -> h.shard.onDisconnect(new UserDisconnect("alice", keep, List.of(), 3011, "force reconnect")));
    assertEquals(SessionState.CLOSED, a2.state());
    assertEquals(3011, h.call(a2.transport::closeCode));
    assertEquals(SessionState.ACTIVE, b.state());
    h.await(() -> h.shard.drain(Duration.ZERO));
    h.assertReleased();
  }

  @Test
  void shardStopClosesEverySessionWith3001AndReleasesItsTimer() {
    ShardHarness.Peer a = h.open();
    ShardHarness.Peer pre = h.open();
    a.connect(Tokens.forUser("alice"));
    a.subscribe(2, "chat:a");
    h.await(() -> h.shard.stop());
    assertEquals(3001, h.call(a.transport::closeCode));
    assertEquals(3001, h.call(pre.transport::closeCode));
    assertEquals(0, h.live.sessions());
    assertEquals(0, h.live.preconnect());
    assertEquals(0, h.live.subscriptions());
    assertEquals(0, h.live.channels());
    assertEquals(0, h.live.timers(), "the sweep timer is cancelled");
    assertEquals(0, h.broker.attached(), "detached from the broker");
    assertEquals(2.0, h.closed(CloseReason.SHUTDOWN.tag()));
  }
}
