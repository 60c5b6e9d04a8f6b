package hub.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.GenericFutureListener;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloseListenersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void listen(EmbeddedChannel ch, PromiseInternal<?> p) {
    ch.closeFuture().addListener((GenericFutureListener) p);
  }

  @Test
  void findsTheInternalsItNeeds() {
    assertTrue(CloseListeners.available());
  }

  @Test
  void dropsOnlyThePromisesNobodyWaitsOnAndTheLiveOneStillCompletes() {
    ContextInternal ctx = (ContextInternal) vertx.getOrCreateContext();
    PromiseInternal<Void> stale = ctx.promise();
    PromiseInternal<Void> waitedOn = ctx.promise();
    boolean[] heard = new boolean[1];
    waitedOn.future().onComplete(ar -> heard[0] = true);
    PromiseInternal<Void> live = ctx.promise();
    EmbeddedChannel ch = new EmbeddedChannel();
    listen(ch, stale);
    listen(ch, waitedOn);
    listen(ch, live);

    assertEquals(1, CloseListeners.prune(ch, live));
    ch.close();
    ch.runPendingTasks();

    assertTrue(live.future().isComplete(), "the live connection's close promise must still complete");
    assertTrue(waitedOn.future().isComplete(), "a promise somebody listens to is kept");
    assertFalse(stale.future().isComplete(), "the stale promise was not removed");
  }

  @Test
  void aSingleLiveListenerIsLeftAlone() {
    ContextInternal ctx = (ContextInternal) vertx.getOrCreateContext();
    PromiseInternal<Void> live = ctx.promise();
    EmbeddedChannel ch = new EmbeddedChannel();
    listen(ch, live);
    assertEquals(0, CloseListeners.prune(ch, live));
    ch.close();
    ch.runPendingTasks();
    assertTrue(live.future().isComplete());
  }
}
