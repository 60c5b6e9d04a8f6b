package hub;

/**
 * Decides how long G1 waits before its next periodic cycle on an idle node. The periodic cycle exists to give back
 * heap a burst committed; once it has done so, every further cycle on an idle node finds nothing to give back and
 * only costs CPU (at 1,000 idle connections the cycles every 5 s were about half of the hub's idle CPU:
 * bench/results/perf2). So each time the committed heap is found unchanged since the last look, the wait doubles, up
 * to {@link #MAX_FACTOR} times the configured interval; as soon as it grew (a burst, a busy period) the configured
 * interval is back, so a node returns memory after a new burst as quickly as before. Pure arithmetic on the readings
 * it is given; not thread-safe (one caller, one timer).
 */
final class PeriodicGcBackoff {

  /** The longest wait, as a multiple of the configured interval: 5 s becomes at most 80 s. */
  static final int MAX_FACTOR = 16;

  private final long baseMs;
  private long currentMs;
  private long lastCommitted = -1;

  PeriodicGcBackoff(long baseMs) {
    this.baseMs = baseMs;
    this.currentMs = baseMs;
  }

  /** The wait G1 should use now (milliseconds), given the heap committed at this look. */
  long next(long committedBytes) {
    if (lastCommitted >= 0) {
      if (committedBytes > lastCommitted) {
        currentMs = baseMs; // grew: there may be memory to give back soon
      } else if (committedBytes == lastCommitted) {
        currentMs = Math.min(baseMs * MAX_FACTOR, currentMs * 2); // nothing moved: nothing to give back
      }
      // shrank: a cycle gave memory back and may give more at the next; keep the wait
    }
    lastCommitted = committedBytes;
    return currentMs;
  }
}
