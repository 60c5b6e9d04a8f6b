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

/** The count of queued event-loop tasks is read from this Vert.x and rises when a loop falls behind. */
class EventLoopPendingTest {

  @Test
  void countsTasksQueuedBehindABusyLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      EventLoopPending pending = EventLoopPending.of(vertx);
      assertEquals(2, pending.loops(), "every event loop of this Vert.x is read");
      Context context = vertx.getOrCreateContext();
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      context.runOnContext(v -> {
        busy.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 500; i++) {
        context.runOnContext(v -> { });
      }
      assertTrue(pending.getAsLong() >= 500, "queued behind the busy task: " + pending.getAsLong());
      release.countDown();
      Await.until("the loop caught up", () -> pending.getAsLong() < 500);
    } finally {
      Await.result(vertx.close());
    }
  }
}
