package hub.metrics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The event-loop lag probe (issue 10, item 10): on every event loop of the node, a task scheduled every
 * {@link #PERIOD_MS} on that loop's own timer queue, which notes how late it ran on the monotonic clock
 * ({@link LoopLag}). Lateness is what every delivery, reply and timer queued on that loop waits on top of its own
 * work, so it measures the delivery delay the node adds, where the count of queued tasks does not (one fan-out task
 * that writes to 100 sockets is one task). The probe is the node's, not a session's: one timer per loop, counted in
 * {@code hub.timers.live}, cancelled by {@link #stop}. {@link #getAsLong} is the node's lag in milliseconds, the
 * largest over its loops. Thread-safe: each loop writes only its own state; reads come from any thread.
 */
public final class EventLoopLag implements LongSupplier {

  /** Often enough to see a 100 ms stall twice, rare enough to cost nothing (20 tiny tasks a second per loop). */
  public static final long PERIOD_MS = 50;

  private final List<Probe> probes;
  private final LongSupplier nanoClock;
  /** Told after every probe run, on that probe's loop; must be cheap and must not throw. */
  private volatile Runnable afterRun = () -> { };

  private EventLoopLag(List<EventExecutor> loops, LiveResources live, LongSupplier nanoClock) {
    List<Probe> made = new ArrayList<>();
    for (EventExecutor loop : loops) {
      made.add(new Probe(loop, live, this::ranOnce)); // called only once armed, after this constructor
    }
    this.probes = List.copyOf(made);
    this.nanoClock = nanoClock;
  }

  private void ranOnce() {
    afterRun.run();
  }

  /** Starts one probe on each event loop of {@code vertx}. */
  public static EventLoopLag start(Vertx vertx, LiveResources live) {
    return start(EventLoops.of(vertx, "hub_eventloop_lag_seconds (and so limits.maxEventLoopLagMs)"), live);
  }

  static EventLoopLag start(List<EventExecutor> loops, LiveResources live) {
    EventLoopLag lag = new EventLoopLag(loops, live, System::nanoTime);
    lag.probes.forEach(Probe::arm);
    return lag;
  }

  /** Runs {@code listener} after every probe run, on the probed loop (the node's lag shedding reviews its state). */
  public void afterEachRun(Runnable listener) {
    this.afterRun = listener;
  }

  /** The number of loops probed (0 when the loops could not be read). */
  public int loops() {
    return probes.size();
  }

  /** The lag of loop {@code index} now, in milliseconds. */
  public long lagMillis(int index) {
    return TimeUnit.NANOSECONDS.toMillis(probes.get(index).lag.lagNanos(nanoClock.getAsLong()));
  }

  /** The node's lag now: the largest over its loops, in milliseconds. */
  @Override
  public long getAsLong() {
    long now = nanoClock.getAsLong();
    long max = 0;
    for (Probe p : probes) {
      max = Math.max(max, p.lag.lagNanos(now));
    }
    return TimeUnit.NANOSECONDS.toMillis(max);
  }

  /** The node's sustained lag: the largest over its loops of {@link LoopLag#sustainedNanos}, in milliseconds. */
  public long sustainedMillis() {
    long max = 0;
    for (Probe p : probes) {
      max = Math.max(max, p.lag.sustainedNanos());
    }
    return TimeUnit.NANOSECONDS.toMillis(max);
  }

  /** Cancels every probe; the lag reads 0 from now on. Idempotent, callable from any thread. */
  public void stop() {
    probes.forEach(Probe::stop);
  }

  /** One loop's probe: re-armed by each run, so a late run delays the next instead of bunching catch-up runs. */
  private static final class Probe implements Runnable {
    private final EventExecutor loop;
    private final LiveResources live;
    private final Runnable afterRun;
    private final LoopLag lag = new LoopLag();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile ScheduledFuture<?> next;

    Probe(EventExecutor loop, LiveResources live, Runnable afterRun) {
      this.loop = loop;
      this.live = live;
      this.afterRun = afterRun;
      live.timerStarted();
    }

    void arm() {
      lag.armed(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
      next = loop.schedule(this, PERIOD_MS, TimeUnit.MILLISECONDS);
      if (stopped.get()) {
        next.cancel(false); // stop() ran between the check in run() and the schedule: cancel what it missed
        lag.stopped();
      }
    }

    @Override
    public void run() {
      if (stopped.get()) {
        return;
      }
      lag.ran(System.nanoTime());
      try {
        arm();
      } catch (java.util.concurrent.RejectedExecutionException e) {
        lag.stopped(); // the loop is shutting down with Vert.x: nothing left to measure
        return;
      }
      afterRun.run();
    }

    void stop() {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
      lag.stopped();
      live.timerStopped();
    }
  }
}
