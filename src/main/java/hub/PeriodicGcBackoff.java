package hub;

/**
 * Decides how long G1 waits before its next periodic cycle on an idle node. The periodic cycle exists to give back
 * heap a burst committed; once it has done so, every further cycle on an idle node finds nothing to give back and
 * only costs CPU (at 1,000 idle connections the cycles every 5 s were about half of the hub's idle CPU:
 * bench/results/perf2). So once the committed heap is back at the level the last shrink left (the floor) and a
 * collection since the last look gave nothing back, the wait doubles, up to {@link #MAX_FACTOR} times the configured
 * interval. While the committed heap is above the floor (a burst, a busy period, however long it stays there) the
 * configured interval holds, so a node returns memory after a burst as quickly as before; a shrink sets the new
 * floor. Without a collection since the last look the wait stays: G1 starts the periodic cycle only once no
 * collection ran for the whole wait. Pure arithmetic on the readings it is given; not thread-safe (one caller).
 */
final class PeriodicGcBackoff {

  /** The longest wait, as a multiple of the configured interval: 5 s becomes at most 80 s. */
  static final int MAX_FACTOR = 16;

  private final long baseMs;
  private long currentMs;
  private long lastCommitted = -1;
  private long floor = -1;
  private long lastCollections = -1;

  PeriodicGcBackoff(long baseMs) {
    this.baseMs = baseMs;
    this.currentMs = baseMs;
  }

  /**
   * The wait G1 should use now (milliseconds), given the heap committed at this look and the number of collections
   * the JVM has run so far.
   */
  long next(long committedBytes, long collections) {
    if (lastCommitted < 0) {
      floor = committedBytes;
    } else if (committedBytes < lastCommitted) {
      floor = committedBytes; // a cycle gave memory back, and the next may give more
      currentMs = baseMs;
    } else if (committedBytes > floor) {
      currentMs = baseMs; // above what the last shrink left: there is memory to give back
    } else if (collections > lastCollections) {
      currentMs = Math.min(baseMs * MAX_FACTOR, currentMs * 2); // at the floor, collected, nothing given back
    }
    lastCommitted = committedBytes;
    lastCollections = collections;
    return currentMs;
  }
}
