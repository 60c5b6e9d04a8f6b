package hub.session;

import hub.metrics.TrackedTimers;
import hub.stream.ShardStreams;
import hub.stream.StreamStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The one periodic timer of a shard and what it serves: every session deadline (connect, ping, pong, expiry), the
 * presence refresh, the stream housekeeping and the transport's hooks. Timers therefore grow with shards, never with
 * connections. Confined to its shard's event loop.
 */
final class ShardSweep {

  private final SessionList sessions;
  private final IsolatedSteps steps;
  private final Membership membership;
  private final ShardStreams<Session> streams;
  private final StreamStore store;
  private final Clock clock;
  private final List<LongConsumer> hooks = new ArrayList<>(1);
  private long timer = -1;

  ShardSweep(SessionList sessions, IsolatedSteps steps, Membership membership, ShardStreams<Session> streams,
             StreamStore store, Clock clock) {
    this.sessions = sessions;
    this.steps = steps;
    this.membership = membership;
    this.streams = streams;
    this.store = store;
    this.clock = clock;
  }

  void start(TrackedTimers timers, long periodMs) {
    timer = timers.periodic(periodMs, id -> run());
  }

  void stop(TrackedTimers timers) {
    if (timer >= 0) {
      timers.cancel(timer);
      timer = -1;
    }
  }

  void addHook(LongConsumer hook) {
    hooks.add(hook);
  }

  /** One pass over the shard's sessions; each does what its deadline asks (close, or send a ping). */
  void run() {
    long now = clock.millis();
    sessions.forEach(s -> {
      if (now >= s.nextDeadline()) {
        try {
          s.onDeadline(now);
        } catch (RuntimeException e) {
          s.failed(e); // one session's bug must not stop the sweep for the others
        }
      }
    });
    steps.run(IsolatedSteps.SWEEP_PRESENCE, () -> membership.refreshIfDue(now));
    steps.run(IsolatedSteps.SWEEP_STREAMS, () -> streams.sweep(now));
    steps.run(IsolatedSteps.SWEEP_STREAMS, () -> store.sweep(now));
    for (LongConsumer hook : hooks) {
      steps.run(IsolatedSteps.SWEEP_HOOK, () -> hook.accept(now));
    }
  }
}
