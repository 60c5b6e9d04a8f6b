package hub.it;

import hub.NodeBackends;
import hub.api.EventBusApi;
import hub.support.Await;
import hub.support.HeldPresenceStore;
import hub.support.HeldStreamStore;
import hub.support.TestHub;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A server API call whose backend never answers is answered within {@code api.requestTimeoutMs} (issue 10 items 5
 * and 10 follow-up): HTTP 504 with the API's error body, in either error mode; on the event bus a failure with code
 * 504. Each is counted once in {@code hub.api.timeouts{method}}; the answer that arrives late is dropped (the
 * connection then serves the next call normally), and the node stays ready and ends idle. The stores are real ones
 * whose answers the test holds; the store's own deadline is set far above the API's so that only the API's fires.
 */
class ApiTimeoutIT {

  private static final HeldPresenceStore presence = new HeldPresenceStore();
  private static HeldStreamStore history;
  private static TestHub hub;

  @BeforeAll
  static void start() {
    JsonObject stream = new JsonObject().put("historySize", 5).put("historyTtlMs", 60_000);
    hub = TestHub.start(new JsonObject()
        .put("api", new JsonObject().put("requestTimeoutMs", 400))
        .put("history", new JsonObject().put("storeTimeoutMs", 60_000))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true))
            .put("feed", stream))),
        new NodeBackends(store -> history = new HeldStreamStore(store), built -> presence));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static double timeouts(String method) {
    return hub.node().registry().get("hub.api.timeouts").tag("method", method).counter().count();
  }

  private static void assertTimeoutAnswer(HttpResponse<String> r) {
    assertEquals(504, r.statusCode(), r.body());
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", 100).put("message", "request timeout")),
        new JsonObject(r.body()));
  }

  @Test
  void aPresenceCallTheStoreNeverAnswersIsAnswered504AndCountedOnce() {
    double before = timeouts("presence");
    presence.hold(true);
    try {
      assertTimeoutAnswer(hub.api("presence", new JsonObject().put("channel", "room:1")));
      assertEquals(before + 1, timeouts("presence"));
      // In transport error mode too: the outcome is unknown, never a 200.
      double stats = timeouts("presence_stats");
      assertTimeoutAnswer(hub.post("/api/presence_stats", new JsonObject().put("channel", "room:1").encode(),
          Map.of("X-API-Key", TestHub.API_KEY, "X-Centrifugo-Error-Mode", "transport")));
      assertEquals(stats + 1, timeouts("presence_stats"));
    } finally {
      presence.hold(false);
    }
    // The late answers arrive (off the loop, from this thread) and are dropped: no second response, no new count.
    while (presence.held() > 0) {
      presence.releaseOne();
    }
    assertEquals(200, hub.api("presence", new JsonObject().put("channel", "room:1")).statusCode());
    assertEquals(before + 1, timeouts("presence"));
    assertHealthy();
  }

  @Test
  void aHistoryCallTheStoreNeverAnswersIsAnswered504AndTheLateAnswerIsDropped() {
    double before = timeouts("history");
    history.holdReads = true;
    try {
      assertTimeoutAnswer(hub.api("history", new JsonObject().put("channel", "feed:1").put("limit", -1)));
      assertEquals(before + 1, timeouts("history"));
    } finally {
      history.release();
    }
    HttpResponse<String> after = hub.api("history", new JsonObject().put("channel", "feed:1"));
    assertEquals(200, after.statusCode(), after.body());
    assertEquals(before + 1, timeouts("history"));
    assertHealthy();
  }

  @Test
  void anEventBusCallTheStoreNeverAnswersFailsWithCode504() throws Exception {
    double before = timeouts("presence");
    presence.hold(true);
    try {
      ExecutionException failed = assertThrows(ExecutionException.class, () -> hub.node().vertx().eventBus()
          .request("hub.api.presence", new JsonObject().put("channel", "room:2"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      ReplyException reply = assertInstanceOf(ReplyException.class, failed.getCause());
      assertEquals(EventBusApi.TIMEOUT_FAILURE, reply.failureCode(), reply.getMessage());
      assertEquals(before + 1, timeouts("presence"));
    } finally {
      presence.hold(false);
      while (presence.held() > 0) {
        presence.releaseOne();
      }
    }
    assertHealthy();
  }

  @Test
  void callsThatCompleteInTimeAreNotCounted() {
    double publish = timeouts("publish");
    for (int i = 0; i < 20; i++) {
      assertEquals(200, hub.api("publish", new JsonObject().put("channel", "feed:2")
          .put("data", new JsonObject().put("n", i))).statusCode());
    }
    assertEquals(publish, timeouts("publish"));
  }

  private static void assertHealthy() {
    assertEquals(200, hub.get("/health").statusCode());
    assertEquals(200, hub.get("/ready").statusCode());
    Await.equal("live sessions", 0L, () -> hub.live().sessions());
    hub.assertIdle();
  }
}
