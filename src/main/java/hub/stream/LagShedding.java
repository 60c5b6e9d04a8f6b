package hub.stream;

import hub.log.LogFields;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Whether the node sheds new publications because its event loops run late ({@code limits.maxEventLoopLagMs}):
 * shedding starts when the sustained lag (late by more than the limit on at least two of a loop's last few probe
 * runs) is above the limit, and stops only once the recent lag (the worst of the last few runs) is at or below half of it, so
 * a lag near the limit does not flip the answer on every publication. Starting on the sustained reading keeps one
 * stall (the JIT and class loading right after start on a busy machine: 761 ms was seen in CI) from refusing work. One WARN line when shedding starts and one when it
 * stops (with how long it lasted and how many publications it refused), never one per refusal. Shedding starts when
 * a publication asks; it ends when a publication asks or when the lag probe reports a run ({@link #review}), so the
 * end is logged, and the state reads false, as soon as the loops caught up, even if no publication comes. A limit
 * of 0 turns it off. Thread-safe and lock-free.
 */
public final class LagShedding {

  private static final System.Logger LOG = System.getLogger(LagShedding.class.getName());

  /** Never sheds. */
  public static final LagShedding OFF = new LagShedding(0, () -> 0, () -> 0, () -> 0);

  private final long maxLagMs;
  private final LongSupplier sustainedLagMs;
  private final LongSupplier lagMs;
  private final LongSupplier clockMs;
  private final AtomicBoolean shedding = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();
  private volatile long since;

  /**
   * @param maxLagMs       the limit; 0 = off
   * @param sustainedLagMs the node's sustained event-loop lag, in milliseconds: what starts shedding
   * @param lagMs          the node's recent event-loop lag, in milliseconds: what ends it
   * @param clockMs        a millisecond clock, for the duration in the WARN line only
   */
  public LagShedding(long maxLagMs, LongSupplier sustainedLagMs, LongSupplier lagMs, LongSupplier clockMs) {
    this.maxLagMs = maxLagMs;
    this.sustainedLagMs = sustainedLagMs;
    this.lagMs = lagMs;
    this.clockMs = clockMs;
  }

  /** True when the publication asking now must be refused; counts it as refused if so. */
  public boolean shed() {
    if (maxLagMs <= 0) {
      return false;
    }
    if (!shedding.get()) {
      long lag = sustainedLagMs.getAsLong();
      if (lag > maxLagMs && shedding.compareAndSet(false, true)) {
        since = clockMs.getAsLong();
        refused.set(0);
        LOG.log(WARNING, "event loops late: refusing new publications", LogFields.of("lagMs", lag,
            "maxEventLoopLagMs", maxLagMs, "resumeAtMs", maxLagMs / 2));
      }
    } else if (caughtUp()) {
      return false;
    }
    if (shedding.get()) {
      refused.incrementAndGet();
      return true;
    }
    return false;
  }

  /**
   * Ends shedding once the recent lag is at or below half the limit; called after each run of the lag probe (on an
   * event loop), so the end does not wait for the next publication. Cheap when not shedding: one read.
   */
  public void review() {
    if (shedding.get()) {
      caughtUp();
    }
  }

  /** Ends shedding, with its one WARN line, if the recent lag allows; true if this call ended it. */
  private boolean caughtUp() {
    long lag = lagMs.getAsLong();
    if (lag <= maxLagMs / 2 && shedding.compareAndSet(true, false)) {
      LOG.log(WARNING, "event loops caught up: taking publications again", LogFields.of("lagMs", lag,
          "shedMs", clockMs.getAsLong() - since, "refused", refused.get()));
      return true;
    }
    return false;
  }

  /** True while shedding (as of the last publication that asked, or the last probe run). */
  public boolean shedding() {
    return shedding.get();
  }
}
