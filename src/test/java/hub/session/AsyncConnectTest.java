package hub.session;

import hub.auth.Identity;
import hub.auth.TokenCheck;
import hub.auth.TokenChecker;
import hub.cluster.UserDisconnect;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token check that answers later (a remote key set, a revocation lookup): the SDK's optimistic subscriptions,
 * sent in the same frame as connect, must wait for it and then run in order, never be refused as "before connect".
 */
class AsyncConnectTest {

  /** Holds every check until the test answers it. */
  final ArrayDeque<Promise<TokenCheck>> pending = new ArrayDeque<>();
  final TokenChecker lateChecker = token -> {
    Promise<TokenCheck> p = Promise.promise();
    pending.add(p);
    return p.future();
  };
  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(new JsonObject(), lateChecker);
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
  void subscriptionsSentWithConnectWaitForItAndRunInOrder() {
    ShardHarness.Peer p = h.open();
    p.send(String.join("\n",
        line(1, "connect", new JsonObject().put("token", "t")),
        line(2, "subscribe", new JsonObject().put("channel", "news")),
        line(3, "subscribe", new JsonObject().put("channel", "chat:a"))));
    assertEquals(1, h.call(pending::size));
    assertEquals(List.of(), h.call(p.transport::objects), "nothing is answered before the token is checked");
    assertTrue(h.call(p.transport::paused), "reading stops while connect is unfinished");
    assertEquals(0, h.live.subscriptions());

    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    List<JsonObject> replies = h.call(p.transport::objects);
    assertEquals(List.of(1L, 2L, 3L), ids(replies));
    assertTrue(replies.get(0).containsKey("connect"));
    assertTrue(replies.get(1).containsKey("subscribe") && replies.get(2).containsKey("subscribe"));
    assertEquals(2, h.live.subscriptions());
  }

  @Test
  void anExpiredTokenAnsweredLateDiscardsTheRestOfItsFrame() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")) + "\n"
        + line(2, "subscribe", new JsonObject().put("channel", "news")));
    h.run(() -> pending.poll().complete(new TokenCheck.Expired()));
    List<JsonObject> replies = h.call(p.transport::objects);
    assertEquals(List.of(1L), ids(replies));
    assertEquals(109, replies.get(0).getJsonObject("error").getInteger("code"));
    assertEquals(SessionState.PRECONNECT, p.state(), "the client may try again under the same deadline");
    assertEquals(0, h.live.subscriptions());
  }

  private static UserDisconnect kick(String user) {
    return new UserDisconnect(user, null, List.of(), 3503, "force disconnect");
  }

  @Test
  void anApiDisconnectDuringTheCheckClosesTheSessionOnceTheCheckNamesThatUser() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")) + "\n"
        + line(2, "subscribe", new JsonObject().put("channel", "news")));
    assertEquals(SessionState.CONNECTING, p.state());
    h.run(() -> h.shard.onDisconnect(kick("alice")));
    assertEquals(SessionState.CONNECTING, p.state(), "the user is not known yet");
    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3503, h.call(p.transport::closeCode));
    assertEquals(List.of(), h.call(p.transport::objects), "neither connect nor subscribe is answered");
    assertEquals(1.0, h.closed("force_disconnect"));
    h.assertReleased();
  }

  @Test
  void anApiDisconnectForAnotherUserDuringTheCheckLeavesTheConnectAlone() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")));
    h.run(() -> h.shard.onDisconnect(kick("bob")));
    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    assertEquals(SessionState.ACTIVE, p.state());
    assertTrue(h.call(p.transport::objects).get(0).containsKey("connect"));
  }

  @Test
  void aDisconnectKeptForAFailedAttemptDoesNotApplyToTheNextOne() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")));
    h.run(() -> h.shard.onDisconnect(kick("alice")));
    h.run(() -> pending.poll().complete(new TokenCheck.Expired()));
    p.send(line(2, "connect", new JsonObject().put("token", "t2")));
    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    assertEquals(SessionState.ACTIVE, p.state(), "the kick came before this connect began");
  }

  @Test
  void tooManyDisconnectsDuringOneCheckCloseTheSessionRatherThanDropOne() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")));
    for (int i = 0; i < Session.MAX_KICKS_WHILE_CONNECTING; i++) {
      String user = "user" + i;
      h.run(() -> h.shard.onDisconnect(kick(user)));
    }
    assertEquals(SessionState.CONNECTING, p.state());
    h.run(() -> h.shard.onDisconnect(kick("one-more")));
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3503, h.call(p.transport::closeCode));
    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    h.assertReleased();
  }

  @Test
  void aSessionWhoseUpgradeNamedTheUserIsClosedAtOnceBeforeConnect() {
    ShardHarness.Peer p = h.open(new Identity("alice", null, 0));
    h.run(() -> h.shard.onDisconnect(kick("alice")));
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3503, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void aSessionThatVanishesDuringTheCheckStaysReleased() {
    ShardHarness.Peer p = h.open();
    p.send(line(1, "connect", new JsonObject().put("token", "t")) + "\n"
        + line(2, "subscribe", new JsonObject().put("channel", "news")));
    h.run(() -> p.transport.events().onClosed(false));
    h.run(() -> pending.poll().complete(new TokenCheck.Valid(new Identity("alice", null, 0))));
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(List.of(), h.call(p.transport::objects));
    h.assertReleased();
  }
}
