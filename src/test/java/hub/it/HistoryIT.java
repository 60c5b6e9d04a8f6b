package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel streams on one node, end to end over real sockets: offsets, positions, recovery after a disconnect,
 * the client {@code history} command and the server API's {@code history} and {@code history_remove}.
 */
class HistoryIT {

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();
  static final AtomicInteger CHANNELS = new AtomicInteger();

  @BeforeAll
  static void start() {
    JsonObject stream = new JsonObject().put("historySize", 5).put("historyTtlMs", 60_000);
    hub = TestHub.start(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", stream.copy().put("forceRecovery", true).put("allowHistoryForSubscriber", true)
            .put("allowPublish", true))
        .put("feed", stream.copy().put("allowPositioning", true))
        .put("last", stream.copy().put("forceRecovery", true).put("recoveryMode", "cache")))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void idle() {
    clients.forEach(WsClient::close);
    hub.assertIdle();
  }

  private WsClient client(String user) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    return c;
  }

  private static String channel(String ns) {
    return ns + ":" + CHANNELS.incrementAndGet();
  }

  private static JsonObject publish(String channel, Object data) {
    return hub.apiResult("publish", new JsonObject().put("channel", channel).put("data", data));
  }

  private static JsonObject result(JsonObject reply, String method) {
    JsonObject r = reply.getJsonObject(method);
    if (r == null) {
      throw new AssertionError("not a " + method + " result: " + reply);
    }
    return r;
  }

  private static JsonObject pub(JsonObject push) {
    return push.getJsonObject("push").getJsonObject("pub");
  }

  @Test
  void publicationsGetContiguousOffsetsAndTheApiAnswersThem() {
    String ch = channel("room");
    WsClient c = client("ann");
    JsonObject sub = result(c.subscribe(ch), "subscribe");
    String epoch = sub.getString("epoch");
    assertEquals(8, epoch.length());
    assertEquals(0L, sub.getLong("offset"));
    for (int i = 1; i <= 3; i++) {
      JsonObject r = publish(ch, "m" + i).getJsonObject("result");
      assertEquals(i, r.getLong("offset"));
      assertEquals(epoch, r.getString("epoch"));
      JsonObject p = pub(c.push());
      assertEquals(i, p.getLong("offset"));
      assertEquals("m" + i, p.getString("data"));
    }
  }

  @Test
  void aForcedRecoverySubscribeIsPositionedAndRecoverable() {
    String ch = channel("room");
    publish(ch, "before");
    JsonObject sub = result(client("ann").subscribe(ch), "subscribe");
    assertEquals(true, sub.getBoolean("recoverable"));
    assertEquals(true, sub.getBoolean("positioned"));
    assertEquals(1L, sub.getLong("offset"));
    assertNull(sub.getValue("was_recovering"));
  }

  @Test
  void aClientThatComesBackRecoversWhatItMissedOnceAndInOrder() {
    String ch = channel("room");
    WsClient first = client("ann");
    JsonObject sub = result(first.subscribe(ch), "subscribe");
    publish(ch, "seen");
    long seen = pub(first.push()).getLong("offset");
    first.reset(); // vanishes without a close frame
    publish(ch, "missed-1");
    publish(ch, "missed-2");
    WsClient again = client("ann");
    JsonObject recovered = result(again.call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", sub.getString("epoch")).put("offset", seen)), "subscribe");
    assertEquals(true, recovered.getBoolean("was_recovering"));
    assertEquals(true, recovered.getBoolean("recovered"));
    assertEquals(seen, recovered.getLong("offset"));
    JsonArray pubs = recovered.getJsonArray("publications");
    assertEquals(List.of("missed-1", "missed-2"), List.of(pubs.getJsonObject(0).getString("data"),
        pubs.getJsonObject(1).getString("data")));
    assertEquals(List.of(2L, 3L), List.of(pubs.getJsonObject(0).getLong("offset"),
        pubs.getJsonObject(1).getLong("offset")));
    publish(ch, "live");
    JsonObject live = pub(again.push());
    assertEquals(4L, live.getLong("offset"), "the first live push follows the recovered ones");
    assertNull(again.pollPush(Duration.ofMillis(200)), "nothing twice");
    assertTrue(hub.scrape().byLabel("hub_recovery_attempts_total", "outcome").get("recovered") >= 1.0);
  }

  @Test
  void moreMissedThanTheStreamKeepsIsNotRecoveredAndGivesNoPublications() {
    String ch = channel("room");
    String epoch = publish(ch, "first").getJsonObject("result").getString("epoch");
    for (int i = 0; i < 7; i++) {
      publish(ch, "m" + i);
    }
    JsonObject r = result(client("ann").call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", epoch).put("offset", 1)), "subscribe");
    assertEquals(true, r.getBoolean("was_recovering"));
    assertEquals(false, r.getBoolean("recovered"));
    assertEquals(8L, r.getLong("offset"), "the top");
    assertFalse(r.containsKey("publications"), "never a partial set");
  }

  @Test
  void anUnrecoverablePositionIsError112WhenTheClientAsksForIt() {
    String ch = channel("room");
    publish(ch, "x");
    JsonObject reply = client("ann").call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", "another").put("offset", 1).put("flag", 3));
    assertEquals(112, reply.getJsonObject("error").getInteger("code"));
  }

  @Test
  void anotherEpochIsNotRecovered() {
    String ch = channel("room");
    publish(ch, "x");
    JsonObject r = result(client("ann").call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", "otherepo").put("offset", 1)), "subscribe");
    assertEquals(false, r.getBoolean("recovered"));
  }

  @Test
  void positioningIsGivenOnlyToClientsThatAskWhereItIsAllowed() {
    String ch = channel("feed");
    publish(ch, "x");
    WsClient c = client("ann");
    assertEquals(new JsonObject(), result(c.subscribe(ch), "subscribe"));
    JsonObject asked = result(client("bob").call("subscribe", new JsonObject().put("channel", ch)
        .put("positioned", true)), "subscribe");
    assertEquals(true, asked.getBoolean("positioned"));
    assertEquals(1L, asked.getLong("offset"));
    assertNull(asked.getValue("recoverable"), "recovery is not allowed in feed");
  }

  @Test
  void cacheModeRecoversTheLatestPublicationOnly() {
    String ch = channel("last");
    String epoch = publish(ch, "old").getJsonObject("result").getString("epoch");
    publish(ch, "older-than-latest");
    publish(ch, "latest");
    JsonObject r = result(client("ann").call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", epoch).put("offset", 1)), "subscribe");
    assertEquals(true, r.getBoolean("recovered"));
    JsonArray pubs = r.getJsonArray("publications");
    assertEquals(1, pubs.size());
    assertEquals("latest", pubs.getJsonObject(0).getString("data"));
    assertEquals(3L, pubs.getJsonObject(0).getLong("offset"));
  }

  @Test
  void theHistoryCommandReadsWithLimitSinceAndReverse() {
    String ch = channel("room");
    WsClient c = client("ann");
    c.subscribe(ch);
    for (int i = 1; i <= 4; i++) {
      publish(ch, "m" + i);
      c.push();
    }
    JsonObject position = result(c.call("history", new JsonObject().put("channel", ch)), "history");
    assertEquals(new JsonArray(), position.getJsonArray("publications"));
    assertEquals(4L, position.getLong("offset"));
    String epoch = position.getString("epoch");
    JsonObject since = result(c.call("history", new JsonObject().put("channel", ch).put("limit", 2)
        .put("since", new JsonObject().put("offset", 1).put("epoch", epoch))), "history");
    assertEquals(List.of(2L, 3L), offsets(since));
    JsonObject reverse = result(c.call("history", new JsonObject().put("channel", ch).put("limit", -1)
        .put("reverse", true)), "history");
    assertEquals(List.of(4L, 3L, 2L, 1L), offsets(reverse));
    assertEquals(112, c.call("history", new JsonObject().put("channel", ch).put("limit", 1)
        .put("since", new JsonObject().put("offset", 1).put("epoch", "nothisone"))).getJsonObject("error")
        .getInteger("code"));
    assertEquals(107, c.call("history", new JsonObject().put("channel", ch).put("reverse", true)
        .put("since", new JsonObject().put("offset", 0))).getJsonObject("error").getInteger("code"));
    assertEquals(107, c.call("history", new JsonObject().put("channel", ch).put("limit", "2"))
        .getJsonObject("error").getInteger("code"));
  }

  @Test
  void historyIsRefusedWhereItIsOffOrNotAllowedOrNotSubscribed() {
    WsClient c = client("ann");
    assertEquals(108, c.call("history", new JsonObject().put("channel", "news")).getJsonObject("error")
        .getInteger("code"));
    assertEquals(103, c.call("history", new JsonObject().put("channel", channel("room"))).getJsonObject("error")
        .getInteger("code"), "not subscribed");
    String feed = channel("feed");
    c.subscribe(feed);
    assertEquals(103, c.call("history", new JsonObject().put("channel", feed)).getJsonObject("error")
        .getInteger("code"), "feed does not allow history for subscribers");
    assertEquals(102, c.call("history", new JsonObject().put("channel", "nope:1")).getJsonObject("error")
        .getInteger("code"));
  }

  @Test
  void theApiReadsWholeHistoryAndRemoveKeepsThePosition() {
    String ch = channel("room");
    for (int i = 1; i <= 7; i++) {
      publish(ch, "m" + i);
    }
    JsonObject all = hub.apiResult("history", new JsonObject().put("channel", ch).put("limit", -1))
        .getJsonObject("result");
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L), offsets(all), "the size keeps the latest five");
    String epoch = all.getString("epoch");
    assertEquals(new JsonObject().put("result", new JsonObject()),
        hub.apiResult("history_remove", new JsonObject().put("channel", ch)));
    JsonObject after = hub.apiResult("history", new JsonObject().put("channel", ch).put("limit", -1))
        .getJsonObject("result");
    assertEquals(List.of(), offsets(after));
    assertEquals(epoch, after.getString("epoch"));
    assertEquals(7L, after.getLong("offset"));
    JsonObject r = result(client("ann").call("subscribe", new JsonObject().put("channel", ch).put("recover", true)
        .put("epoch", epoch).put("offset", 6)), "subscribe");
    assertEquals(false, r.getBoolean("recovered"), "nothing to recover from after a removal");
    assertEquals(108, hub.apiResult("history", new JsonObject().put("channel", "news")).getJsonObject("error")
        .getInteger("code"));
  }

  @Test
  void aRepeatedIdempotencyKeyPublishesOnceAndAnswersTheFirstOffset() {
    String ch = channel("room");
    WsClient c = client("ann");
    c.subscribe(ch);
    JsonObject body = new JsonObject().put("channel", ch).put("data", "once").put("idempotency_key", "order-42");
    JsonObject first = hub.apiResult("publish", body).getJsonObject("result");
    JsonObject again = hub.apiResult("publish", body).getJsonObject("result");
    assertEquals(first, again);
    assertEquals(1L, pub(c.push()).getLong("offset"));
    assertNull(c.pollPush(Duration.ofMillis(300)), "the repeat published nothing");
  }

  @Test
  void clientPublicationsAreSequencedToo() {
    String ch = channel("room");
    WsClient c = client("ann");
    c.subscribe(ch);
    assertTrue(c.call("publish", new JsonObject().put("channel", ch).put("data", "hi")).containsKey("publish"));
    JsonObject p = pub(c.push());
    assertEquals(1L, p.getLong("offset"));
    assertEquals("ann", p.getJsonObject("info").getString("user"));
  }

  @Test
  void concurrentPublishersOnOneNodeReachSubscribersInOffsetOrder() throws Exception {
    String ch = channel("room");
    List<WsClient> subs = List.of(client("a"), client("b"), client("c"));
    subs.forEach(s -> s.subscribe(ch));
    int perThread = 100;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          publish(ch, i);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    for (WsClient s : subs) {
      for (long expected = 1; expected <= 3L * perThread; expected++) {
        assertEquals(expected, pub(s.push()).getLong("offset"));
      }
    }
    assertEquals(0.0, hub.scrape().value("hub_positions_lost_total"), 0.0);
  }

  @Test
  void theStoreGaugesCountWhatItHolds() {
    String ch = channel("room");
    publish(ch, "x");
    Await.until("history gauges", () -> hub.scrape().value("hub_history_channels") >= 1
        && hub.scrape().value("hub_history_bytes") > 0);
  }

  private static List<Long> offsets(JsonObject history) {
    List<Long> out = new ArrayList<>();
    history.getJsonArray("publications").forEach(p -> out.add(((JsonObject) p).getLong("offset")));
    return out;
  }
}
