package hub.session;

import hub.metrics.TrackedTimers;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.time.Duration;

/**
 * One shard's drain: closes its sessions with 3001 as a {@link DrainSchedule} says, driven by a single periodic timer
 * (tracked, so it shows in {@code hub.timers.live}) that is cancelled as soon as the shard is empty. Confined to the
 * shard's event loop.
 */
final class Drain {

  private final SessionList sessions;
  private final TrackedTimers timers;
  private final Clock clock;
  private final DrainSchedule schedule;
  private final Promise<Void> done = Promise.promise();
  private long timer = -1;

  private Drain(SessionList sessions, TrackedTimers timers, Clock clock, Duration window) {
    this.sessions = sessions;
    this.timers = timers;
    this.clock = clock;
    this.schedule = new DrainSchedule(clock.millis(), window, sessions.size());
  }

  /** Starts draining {@code sessions} over {@code window}; the first session is closed at once. */
  static Drain start(SessionList sessions, TrackedTimers timers, Clock clock, Duration window) {
    Drain drain = new Drain(sessions, timers, clock, window);
    drain.tick();
    if (!drain.done.future().isComplete()) {
      drain.timer = timers.periodic(drain.schedule.tickMs(), id -> drain.tick());
    }
    return drain;
  }

  /** Completes once the shard holds no session. */
  Future<Void> future() {
    return done.future();
  }

  /** Ends the drain now (the shard is stopping and has closed whatever was left). */
  void finish() {
    if (timer >= 0) {
      timers.cancel(timer);
      timer = -1;
    }
    done.tryComplete();
  }

  private void tick() {
    int keep = schedule.remainingAt(clock.millis());
    while (sessions.size() > keep) {
      sessions.first().close(CloseReason.SHUTDOWN); // close() unlinks the session, so this terminates
    }
    if (sessions.isEmpty()) {
      finish();
    }
  }
}
