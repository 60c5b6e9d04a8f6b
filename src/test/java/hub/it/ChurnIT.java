package hub.it;

import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
    AtomicInteger opened = new AtomicInteger();
    AtomicIntegerArray byExit = new AtomicIntegerArray(Exit.values().length);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < IN_FLIGHT; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < CYCLES; i = next.getAndIncrement()) {
            Exit exit = MIX[i % MIX.length];
            byExit.incrementAndGet(exit.ordinal());
            try {
              cycle(i, exit, opened);
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
    assertEquals(CYCLES, opened.get());

    hub.assertIdle();
    assertEquals((double) CYCLES, hub.opened(), "every socket opened exactly one session");
    assertEquals((double) CYCLES, hub.node().metrics().closedTotal(), "and every session closed exactly once");

    Map<Exit, Integer> count = new EnumMap<>(Exit.class);
    for (Exit e : Exit.values()) {
      count.put(e, byExit.get(e.ordinal()));
    }
    assertEquals(count.get(Exit.CLOSE_FRAME), (int) hub.closed("client_closed"), "close frames");
    assertEquals(count.get(Exit.NEVER_CONNECTS), (int) hub.closed("stale"), "stale sessions");
    assertEquals(count.get(Exit.STOPS_PONGING), (int) hub.closed("no_pong"), "missed pongs");
    assertEquals(count.get(Exit.FIN) + count.get(Exit.RST),
        (int) (hub.closed("connection_lost") + hub.closed("transport_error")), "vanished clients");
  }

  /** One session from upgrade to its end; fails when the session did not end the way its client asked. */
  private static void cycle(int i, Exit exit, AtomicInteger opened) {
    WsClient c = WsClient.open(hub.port());
    opened.incrementAndGet();
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
