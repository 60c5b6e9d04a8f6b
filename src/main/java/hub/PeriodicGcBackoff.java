package hub;

/**
 * Decides how long G1 waits before its next periodic cycle on an idle node. The periodic cycle exists to give back
 * heap a burst committed; once it has done so, every further cycle on an idle node finds nothing to give back and
 * only costs CPU (at 1,000 idle connections the cycles every 5 s were about half of the hub's idle CPU:
 * bench/results/perf2). So the wait doubles, up to {@link #MAX_FACTOR} times the configured interval, each time a
 * periodic cycle ran and the committed heap did not go down; any change of the committed heap (a shrink, which the
 * next cycle may continue, or growth, a burst whose memory is to be given back) brings the configured interval back.
 *
 * <p>Only periodic cycles count. An earlier version doubled on any collection at the level the first look saw: a
 * burst that fit inside the JVM's initial heap (committed flat at its start value, young collections all through
 * the connects) then pushed the wait to its cap before the node went idle, and the first periodic cycle came 80 s
 * later instead of 5 s (bench/results/perf4, rss-15000). Without a periodic cycle since the last look the wait
 * stays: G1 starts one only once no collection ran for the whole wait. Pure arithmetic on the readings it is given;
 * not thread-safe (one caller).
 */
final class PeriodicGcBackoff {

  /** The longest wait, as a multiple of the configured interval: 5 s becomes at most 80 s. */
  static final int MAX_FACTOR = 16;

  private final long baseMs;
  private long currentMs;
  private long lastCommitted = -1;
  private long lastPeriodic = -1;

  PeriodicGcBackoff(long baseMs) {
    this.baseMs = baseMs;
    this.currentMs = baseMs;
  }

  /**
   * The wait G1 should use now (milliseconds), given the heap committed at this look and the number of periodic
   * cycles the JVM has started so far.
   */
  long next(long committedBytes, long periodicCycles) {
    if (lastCommitted >= 0) {
      if (committedBytes != lastCommitted) {
        currentMs = baseMs;
      } else if (periodicCycles > lastPeriodic) {
        currentMs = Math.min(baseMs * MAX_FACTOR, currentMs * 2); // a periodic cycle found nothing to give back
      }
    }
    lastCommitted = committedBytes;
    lastPeriodic = periodicCycles;
    return currentMs;
  }
}
