package hub.metrics;

/**
 * How late one event loop runs its lag probe, in nanoseconds of a monotonic clock: the largest lateness of the last
 * {@link #WINDOW} probe runs, or, if the probe is due and has not run yet, how long it has been due, whichever is
 * larger. The second term is what makes a loop stuck in one long task visible while it is stuck, not only after it
 * comes back. A short max window (rather than a decaying average) counts one late run in full at once and forgets
 * it after a few healthy runs: a loop that was 400 ms late was 400 ms late for every delivery queued behind it, and
 * a node that recovered should take work again within a few hundred milliseconds.
 *
 * <p>{@link #sustainedNanos} is the other reading: the second-largest lateness of the last {@link #WINDOW} runs, i.e.
 * how late the loop was on at least two of them. A loop with more work than it can do is late again and again (in
 * the overload bench its lateness had a median near 180 ms and a 90th percentile near 500 ms, so it is not late by
 * the limit on every run, and "late on every one of the last 3" never fired there); a loop that stalled once (class
 * loading and the JIT right after start, a GC pause, one long batch) is late on one. Shedding publications
 * starts on this reading, so one stall never refuses work (the stall's queued tasks run as soon as it ends), while the
 * gauge shows the stall. The state is written only by its loop ({@link #armed}, {@link #ran}) and read by any thread.
 */
public final class LoopLag {

  /** Probe runs remembered: with a 50 ms period, the last ~200 ms of the loop's life. */
  public static final int WINDOW = 4;

  private static final long NOTHING_DUE = Long.MAX_VALUE;

  private final long[] samples = new long[WINDOW]; // loop-confined
  private int next;
  private volatile long recent;
  private volatile long sustained;
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
    long second = 0;
    for (long s : samples) {
      if (s > max) {
        second = max;
        max = s;
      } else if (s > second) {
        second = s;
      }
    }
    recent = max;
    sustained = second;
    due = NOTHING_DUE;
  }

  /** The probe no longer runs: the loop reads as on time. */
  public void stopped() {
    due = NOTHING_DUE;
    recent = 0;
    sustained = 0;
  }

  /** The loop's current lag as seen at {@code nowNanos}. */
  public long lagNanos(long nowNanos) {
    long d = due;
    long overdue = d != NOTHING_DUE && nowNanos > d ? nowNanos - d : 0;
    return Math.max(recent, overdue);
  }

  /**
   * How late the loop was on at least two of its last {@link #WINDOW} runs (the second-largest lateness). A run still
   * due is not counted: a loop stuck in one task is a stall, which the gauge shows and the blocked-thread checker
   * names, and a long task must not shed the publications it makes itself.
   */
  public long sustainedNanos() {
    return sustained;
  }
}
