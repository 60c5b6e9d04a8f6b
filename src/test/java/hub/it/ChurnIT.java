package hub.it;

import hub.support.PrometheusText;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of short sessions, ending every way a client can end (close frame, FIN, RST, never connecting, no
 * longer answering pings), many at once. Afterwards the hub holds nothing, every session opened is counted as
 * closed exactly once, and each under the reason its client gave it.
 */
class ChurnIT {

  static final int CYCLES = 2_000;
  static final int IN_FLIGHT = 50;

  /** How a cycle's client leaves; the position in {@link #MIX} decides how often. */
  enum Exit { CLOSE_FRAME, FIN, RST, NEVER_CONNECTS, STOPS_PONGING }

  static final Exit[] MIX = {Exit.CLOSE_FRAME, Exit.CLOSE_FRAME, Exit.CLOSE_FRAME, Exit.CLOSE_FRAME,
      Exit.FIN, Exit.FIN, Exit.RST, Exit.RST, Exit.NEVER_CONNECTS, Exit.STOPS_PONGING};

  static TestHub hub;

  @BeforeAll
  static void start() {
    // short deadlines so the slow exits (stale, no pong) take about a second each
    hub = TestHub.start(new JsonObject().put("client", new JsonObject()
        .put("pingIntervalMs", 600)
        .put("pongTimeoutMs", 300)
        .put("connectTimeoutMs", 1000)));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void thousandsOfMixedExitsLeaveNothingBehind() throws Exception {
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < IN_FLIGHT; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < CYCLES; i = next.getAndIncrement()) {
            Exit exit = MIX[i % MIX.length];
            try {
              cycle(i, exit);
            } catch (AssertionError | RuntimeException e) {
              if (problems.size() < 20) {
                problems.add("cycle " + i + " (" + exit + "): " + e.getMessage());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(problems.isEmpty(), () -> "cycles that did not go as planned: " + problems);
    hub.assertIdle();

    // What an operator sees: every socket opened one session, each closed once, under the reason its client gave.
    PrometheusText m = hub.scrape();
    Map<String, Double> closed = m.byLabel("hub_sessions_closed_total", "reason");
    double closedTotal = closed.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(CYCLES, m.sum("hub_sessions_opened_total"), "sessions opened");
    assertEquals(CYCLES, closedTotal, () -> "sessions closed, by reason: " + closed);
    Map<String, Double> expected = new TreeMap<>();
    closed.keySet().forEach(reason -> expected.put(reason, 0.0));
    expected.put("client_closed", planned(Exit.CLOSE_FRAME));
    expected.put("stale", planned(Exit.NEVER_CONNECTS));
    expected.put("no_pong", planned(Exit.STOPS_PONGING));
    // A FIN or a reset both mean the peer vanished; which of the two tags a reset gets depends on whether Netty
    // reports it as a read error first, so only their sum is fixed.
    double vanished = closed.get("connection_lost") + closed.get("transport_error");
    assertEquals(planned(Exit.FIN) + planned(Exit.RST), vanished, () -> "vanished clients: " + closed);
    expected.put("connection_lost", closed.get("connection_lost"));
    expected.put("transport_error", closed.get("transport_error"));
    assertEquals(expected, new TreeMap<>(closed), "no close under any other reason");
  }

  /** Cycles that end the way {@code exit} does: the mix repeats exactly over {@link #CYCLES}. */
  private static double planned(Exit exit) {
    long inMix = Arrays.stream(MIX).filter(e -> e == exit).count();
    return (double) CYCLES / MIX.length * inMix;
  }

  /** One session from upgrade to its end; fails when the session did not end the way its client asked. */
  private static void cycle(int i, Exit exit) {
    WsClient c = WsClient.open(hub.port());
    try {
      if (exit == Exit.NEVER_CONNECTS) {
        expectClose(c, 3502);
        return;
      }
      c.autoPong(exit != Exit.STOPS_PONGING);
      JsonObject reply = c.connect(Tokens.forUser("user" + (i % 97)));
      if (!reply.containsKey("connect")) {
        throw new AssertionError("connect failed: " + reply.encode());
      }
      for (String channel : List.of("all", "room-" + (i % 37))) {
        JsonObject sub = c.subscribe(channel);
        if (!sub.containsKey("subscribe")) {
          throw new AssertionError("subscribe " + channel + " failed: " + sub.encode());
        }
      }
      switch (exit) {
        case CLOSE_FRAME -> {
          c.closeCleanly();
          expectClose(c, 1000);
        }
        case FIN -> c.fin();
        case RST -> c.reset();
        case STOPS_PONGING -> expectClose(c, 3012);
        default -> throw new IllegalStateException(exit.name());
      }
      if (!c.garbageReceived().isEmpty()) {
        throw new AssertionError("non-JSON from the hub: " + c.garbageReceived());
      }
    } finally {
      c.reset();
    }
  }

  private static void expectClose(WsClient c, int code) {
    WsClient.Closed closed = c.awaitClosed(Duration.ofSeconds(10));
    if (closed.code() != code) {
      throw new AssertionError("expected close " + code + " but got " + closed);
    }
  }
}
