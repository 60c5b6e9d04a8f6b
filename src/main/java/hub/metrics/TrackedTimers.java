package hub.metrics;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * The hub's only way to start timers, so that {@code hub.timers.live} counts every one of them. One instance per
 * owner; each owner cancels what it started. Use it from the owner's own context (the count itself is thread-safe).
 */
public final class TrackedTimers {

  private final Vertx vertx;
  private final LiveResources live;

  public TrackedTimers(Vertx vertx, LiveResources live) {
    this.vertx = vertx;
    this.live = live;
  }

  public long periodic(long delayMs, Handler<Long> handler) {
    long id = vertx.setPeriodic(delayMs, handler);
    live.timerStarted();
    return id;
  }

  /** A one-shot timer; counted until it fires or is cancelled. */
  public long once(long delayMs, Runnable task) {
    long id = vertx.setTimer(delayMs, fired -> {
      live.timerStopped();
      task.run();
    });
    live.timerStarted();
    return id;
  }

  /** Cancels a timer started here; a timer that already fired or was cancelled is not counted twice. */
  public void cancel(long id) {
    if (vertx.cancelTimer(id)) {
      live.timerStopped();
    }
  }
}
