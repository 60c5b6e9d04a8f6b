package hub.metrics;

/**
 * How late one event loop runs its lag probe, in nanoseconds of a monotonic clock: the largest lateness of the last
 * {@link #WINDOW} probe runs, or, if the probe is due and has not run yet, how long it has been due, whichever is
 * larger. The second term is what makes a loop stuck in one long task visible while it is stuck, not only after it
 * comes back. A short max window (rather than a decaying average) counts one late run in full at once and forgets
 * it after a few healthy runs: a loop that was 400 ms late was 400 ms late for every delivery queued behind it, and
 * a node that recovered should take work again within a few hundred milliseconds. The state is written only by its
 * loop ({@link #armed}, {@link #ran}) and read by any thread ({@link #lagNanos}).
 */
public final class LoopLag {

  /** Probe runs remembered: with a 50 ms period, the last ~200 ms of the loop's life. */
  public static final int WINDOW = 4;

  private static final long NOTHING_DUE = Long.MAX_VALUE;

  private final long[] samples = new long[WINDOW]; // loop-confined
  private int next;
  private volatile long recent;
  private volatile long due = NOTHING_DUE;

  /** The probe was scheduled to run at {@code dueNanos}. */
  public void armed(long dueNanos) {
    due = dueNanos;
  }

  /** The probe ran at {@code nowNanos}; a run before its due time (clock granularity) counts as on time. */
  public void ran(long nowNanos) {
    long d = due;
    samples[next] = d == NOTHING_DUE ? 0 : Math.max(0, nowNanos - d);
    next = (next + 1) % WINDOW;
    long max = 0;
    for (long s : samples) {
      max = Math.max(max, s);
    }
    recent = max;
    due = NOTHING_DUE;
  }

  /** The probe no longer runs: the loop reads as on time. */
  public void stopped() {
    due = NOTHING_DUE;
    recent = 0;
  }

  /** The loop's current lag as seen at {@code nowNanos}. */
  public long lagNanos(long nowNanos) {
    long d = due;
    long overdue = d != NOTHING_DUE && nowNanos > d ? nowNanos - d : 0;
    return Math.max(recent, overdue);
  }
}
