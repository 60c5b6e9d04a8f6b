package hub.metrics;

import hub.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lag probes on a real Vert.x: one counted timer per event loop, the lag of a held loop grows while it is held
 * (not only once it is let go) and falls back once it runs again, and stopping releases every timer.
 */
class EventLoopLagTest {

  @Test
  void aHeldLoopShowsItsLagWhileHeldAndTheProbesAreReleasedOnStop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    LiveResources live = new LiveResources();
    EventLoopLag lag = EventLoopLag.start(vertx, live);
    try {
      assertEquals(2, lag.loops(), "one probe per event loop");
      assertEquals(2, live.timers(), "each probe is a counted timer");
      Context context = vertx.getOrCreateContext();
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      context.runOnContext(v -> {
        held.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(held.await(10, TimeUnit.SECONDS));
      try {
        Await.until("the held loop's lag passes 300 ms while it is still held", () -> lag.getAsLong() > 300);
        assertTrue(lag.lagMillis(0) > 300 || lag.lagMillis(1) > 300, "one loop carries it");
        assertTrue(lag.lagMillis(0) < 300 || lag.lagMillis(1) < 300, "the other loop is not held");
      } finally {
        release.countDown();
      }
      Await.until("the lag falls back once the loop runs again", () -> lag.getAsLong() < 100);
    } finally {
      lag.stop();
      lag.stop();
      assertEquals(0, live.timers(), "stop releases each probe once");
      assertEquals(0, lag.getAsLong(), "a stopped probe reads 0");
      Await.result(vertx.close());
    }
  }

  @Test
  void theListenerHearsEveryProbeRunOnTheProbedLoopsAndNothingAfterStop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    LiveResources live = new LiveResources();
    EventLoopLag lag = EventLoopLag.start(vertx, live);
    java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    try {
      lag.afterEachRun(() -> {
        threads.add(Thread.currentThread().getName());
        runs.incrementAndGet();
      });
      Await.until("both loops' probes ran and told the listener", () -> threads.size() == 2 && runs.get() >= 4);
      assertTrue(threads.stream().allMatch(t -> t.contains("eventloop")), "on the loops: " + threads);
    } finally {
      lag.stop();
    }
    int atStop = runs.get();
    Thread.sleep(3 * EventLoopLag.PERIOD_MS);
    assertTrue(runs.get() <= atStop + 2, "at most a run already under way after stop: " + (runs.get() - atStop));
    Await.result(vertx.close());
  }
}
