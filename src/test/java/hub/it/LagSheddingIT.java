package hub.it;

import hub.stream.LagShedding;
import hub.support.Await;
import hub.support.LogCapture;
import hub.support.TestHub;
import hub.support.WsClient;
import io.micrometer.core.instrument.Gauge;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event-loop lag sheds new publications on a real node (issue 10, item 10): while one of the hub's event loops is
 * kept busy by test work (late on every probe run, as an overloaded loop is), the node refuses API publishes (HTTP
 * 429, error 111, {@code Retry-After}) and client publishes (111, temporary), counted with {@code reason="lag"}; once
 * the loop is free and the lag is back under half the limit, publications are taken again, every accepted one is
 * delivered, and the node ends idle.
 */
class LagSheddingIT {

  private static final int MAX_LAG_MS = 150;
  private static final long CHUNK_MS = 400;
  private static final String CHANNEL = "chat:lag";

  private int accepted;
  private int refused;

  @Test
  void publicationsAreRefusedWhileAnEventLoopIsOverloadedAndTakenAgainOnceItIsFree() throws Exception {
    try (LogCapture shedLog = LogCapture.of(LagShedding.class.getName());
         TestHub hub = TestHub.start(new JsonObject().put("limits",
        new JsonObject().put("maxEventLoopLagMs", MAX_LAG_MS)))) {
      List<WsClient> clients = List.of(WsClient.connected(hub.port(), "alice"), WsClient.connected(hub.port(), "bob"));
      try {
        clients.forEach(c -> c.subscribe(CHANNEL));
        count(hub.api("publish", publication(0)));
        assertEquals(1, accepted, "a healthy node takes publications");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        long[] ids = new long[clients.size()];
        JsonObject[] replies = new JsonObject[clients.size()];
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        keepBusy(hub, busy, release);
        try {
          Await.until("the busy loop's lag passes the limit", () -> lagMs(hub) > MAX_LAG_MS);
          int first = accepted + refused;
          Await.until("shedding starts once the lag is sustained", () -> {
            count(hub.api("publish", publication(1_000 + accepted + refused - first)));
            return refused > 0;
          });
          // One connection each: the server deals connections to its loops in turn, so some land on the free loop
          // and are answered now; those on the busy loop between its chunks.
          for (int i = 0; i < 6; i++) {
            calls.add(transportModePublish(hub, i + 1));
          }
          for (int i = 0; i < clients.size(); i++) {
            ids[i] = clients.get(i).send("publish", new JsonObject().put("channel", CHANNEL)
                .put("data", new JsonObject().put("n", 100 + i)));
          }
          Await.until("an API call is answered while the loop is busy", () -> calls.stream().anyMatch(
              CompletableFuture::isDone));
          Await.until("a client publish is answered while the loop is busy", () -> {
            for (int i = 0; i < clients.size(); i++) {
              replies[i] = replies[i] != null ? replies[i] : clients.get(i).pollReply(ids[i]);
            }
            return replies[0] != null || replies[1] != null;
          });
          int answeredWhileBusy = 0;
          for (CompletableFuture<HttpResponse<String>> call : calls) {
            if (call.isDone()) {
              HttpResponse<String> r = call.get();
              assertEquals(429, r.statusCode(), r::body);
              assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "Retry-After on 429");
              assertEquals(111, new JsonObject(r.body()).getJsonObject("error").getInteger("code"), r::body);
              answeredWhileBusy++;
            }
          }
          for (JsonObject reply : replies) {
            if (reply != null) {
              assertEquals(111, reply.getJsonObject("error").getInteger("code"), reply::encode);
              assertEquals(true, reply.getJsonObject("error").getBoolean("temporary"), "the SDK may retry");
              answeredWhileBusy++;
            }
          }
          assertTrue(refusedForLag(hub) >= answeredWhileBusy, "each refusal counted with reason lag");
        } finally {
          release.countDown();
        }
        // What the busy loop took is answered now, refused or accepted depending on the lag it then saw.
        for (CompletableFuture<HttpResponse<String>> call : calls) {
          count(call.get(20, TimeUnit.SECONDS));
        }
        for (int i = 0; i < clients.size(); i++) {
          count(replies[i] != null ? replies[i] : clients.get(i).reply(ids[i]));
        }
        Await.until("the lag is back under half the limit", () -> lagMs(hub) <= MAX_LAG_MS / 2);
        // The probe's own runs end shedding: its end is logged before any publication asks again.
        Await.until("the end of shedding is logged with no publication asking", () ->
            !shedLog.records(r -> r.getMessage().contains("caught up")).isEmpty());
        int before = accepted;
        Await.until("publications are taken again", () -> {
          count(hub.api("publish", publication(200 + refused)));
          return accepted > before;
        });
        for (WsClient c : clients) {
          for (int i = 0; i < accepted; i++) {
            assertTrue(c.push(Duration.ofSeconds(10)).toString().contains(CHANNEL), "delivered to a subscriber");
          }
          assertNull(c.pollPush(Duration.ofMillis(300)), "nothing refused was delivered");
        }
        assertEquals((double) refused, refusedForLag(hub), "every refusal was for lag, and counted once");
        assertEquals(0.0, hub.node().registry().get("hub.publications.refused").tag("reason", "rate").counter()
            .count());
        assertTrue(refused >= 2, refused + " refused");
        assertTrue(clients.stream().noneMatch(WsClient::isClosed), "a refusal leaves the session open");
      } finally {
        clients.forEach(WsClient::close);
      }
      hub.assertIdle();
    }
  }

  private static JsonObject publication(int n) {
    return new JsonObject().put("channel", CHANNEL).put("data", new JsonObject().put("n", n));
  }

  /**
   * Test-only work that keeps the hub's first event loop busy until {@code release}: 400 ms chunks, each scheduled
   * 1 ms after the last, so the loop still runs its probe and its sockets between chunks, every time late by most of
   * a chunk. That is an overloaded loop (late on every run), not a stuck one, which would be a stall and never shed.
   */
  private static void keepBusy(TestHub hub, CountDownLatch busy, CountDownLatch release) throws InterruptedException {
    EventExecutor loop = ((VertxInternal) hub.node().vertx()).nettyEventLoopGroup().iterator().next();
    Runnable chunk = new Runnable() {
      @Override
      public void run() {
        busy.countDown();
        try {
          if (!release.await(CHUNK_MS, TimeUnit.MILLISECONDS)) {
            loop.schedule(this, 1, TimeUnit.MILLISECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    loop.execute(chunk);
    assertTrue(busy.await(10, TimeUnit.SECONDS), "the loop is busy");
  }

  /** An API publish on a connection of its own, errors as HTTP statuses. */
  private static CompletableFuture<HttpResponse<String>> transportModePublish(TestHub hub, int n) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/api/publish"))
        .timeout(Duration.ofSeconds(20)).header("X-API-Key", TestHub.API_KEY)
        .header("X-Centrifugo-Error-Mode", "transport")
        .POST(HttpRequest.BodyPublishers.ofString(publication(n).encode())).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private void count(HttpResponse<String> r) {
    JsonObject body = new JsonObject(r.body());
    if (r.statusCode() == 429 || body.containsKey("error")) {
      assertEquals(111, body.getJsonObject("error").getInteger("code"), r::body);
      refused++;
    } else {
      assertEquals(200, r.statusCode(), r::body);
      accepted++;
    }
  }

  private void count(JsonObject reply) {
    if (reply.containsKey("error")) {
      assertEquals(111, reply.getJsonObject("error").getInteger("code"), reply::encode);
      refused++;
    } else {
      accepted++;
    }
  }

  private static double lagMs(TestHub hub) {
    return hub.node().registry().find("hub.eventloop.lag").gauges().stream().mapToDouble(Gauge::value).max()
        .orElse(0) * 1000;
  }

  private static double refusedForLag(TestHub hub) {
    return hub.node().registry().get("hub.publications.refused").tag("reason", "lag").counter().count();
  }
}
