package hub;

import java.util.ArrayDeque;

/**
 * Decides how long G1 waits before its next periodic cycle. The periodic cycle exists to give back heap a burst
 * committed; once it has done so, every further cycle on an idle node finds nothing to give back and only costs CPU
 * (at 1,000 idle connections the cycles every 5 s were about half of the hub's idle CPU: bench/results/perf2). So
 * the wait doubles, up to {@link #MAX_FACTOR} times the configured interval, each time a periodic cycle ran and the
 * committed heap did not go down; any change of the committed heap (a shrink, which the next cycle may continue, or
 * growth, a burst whose memory is to be given back) brings the configured interval back.
 *
 * <p>Only periodic cycles count for the doubling. An earlier version doubled on any collection at the level the
 * first look saw: a burst that fit inside the JVM's initial heap (committed flat at its start value, young
 * collections all through the connects) then pushed the wait to its cap before the node went idle, and the first
 * periodic cycle came 80 s later instead of 5 s (bench/results/perf4, rss-15000). Without a periodic cycle since the
 * last look the wait stays: G1 starts one only once no collection ran for the whole wait.
 *
 * <p>Settling: G1 looks for its periodic cycle once per wait, so with a 5 s wait the first cycle after a burst of
 * connects came 5 to 10 s after its last collection, and RSS read 5 s after the burst still held everything the
 * burst had touched (bench/results/perf8, rss-5000: 0.91-1.11x Socket.IO's). So when other collections ran since
 * the last look (the node is busy, or a burst is under way) the wait becomes the short settle wait until the next
 * periodic cycle: on a node that stays busy G1 never starts it (each collection restarts its count), and once the
 * node goes quiet it comes one settle wait later. The short wait must already be set while the collections run:
 * G1 reads a new wait only at its next look, which the old wait scheduled. A burst with pauses of a second or more
 * between its collections gets a cycle in such a pause too, so settling is budgeted rather than spaced: at most
 * {@link #SETTLE_BUDGET} settle cycles in any {@link #MAX_FACTOR} intervals (80 s), which is what a node that
 * collects every few seconds costs at most (spacing them by the backed-off wait instead left the end of a 15,000
 * connection burst without one, after a cycle in one of its pauses: bench/results/perf9). Pure arithmetic on the
 * readings it is given; not thread-safe (one caller).
 */
final class PeriodicGcBackoff {

  /** The longest wait, as a multiple of the configured interval: 5 s becomes at most 80 s. */
  static final int MAX_FACTOR = 16;
  /** Settle cycles allowed in any window of {@link #MAX_FACTOR} intervals. */
  static final int SETTLE_BUDGET = 4;

  private final long baseMs;
  private final long settleMs;
  private long currentMs;
  private long lastCommitted = -1;
  private long lastPeriodic = -1;
  private long lastOthers = -1;
  /** When the settle cycles of the current window ran, oldest first. */
  private final ArrayDeque<Long> settledAtMs = new ArrayDeque<>();
  private boolean settling;

  /** @param settleMs the wait after other collections, 0 for none (the wait is then only the backoff's) */
  PeriodicGcBackoff(long baseMs, long settleMs) {
    this.baseMs = baseMs;
    this.settleMs = settleMs;
    this.currentMs = baseMs;
  }

  /**
   * The wait G1 should use now (milliseconds), given the time of this look, the heap committed at it, the number of
   * periodic cycles the JVM has started so far and the number of its other collections.
   */
  long next(long nowMs, long committedBytes, long periodicCycles, long otherCollections) {
    if (lastCommitted >= 0) {
      boolean periodicRan = periodicCycles > lastPeriodic;
      if (periodicRan && settling) {
        settling = false;
        settledAtMs.addLast(nowMs);
      }
      while (!settledAtMs.isEmpty() && nowMs - settledAtMs.peekFirst() >= baseMs * MAX_FACTOR) {
        settledAtMs.removeFirst();
      }
      if (committedBytes != lastCommitted) {
        currentMs = baseMs;
      } else if (periodicRan) {
        currentMs = Math.min(baseMs * MAX_FACTOR, currentMs * 2); // a periodic cycle found nothing to give back
      }
      boolean othersRan = otherCollections > lastOthers;
      if (settleMs > 0 && settleMs < currentMs && othersRan && settledAtMs.size() < SETTLE_BUDGET) {
        settling = true;
      }
    }
    lastCommitted = committedBytes;
    lastPeriodic = periodicCycles;
    lastOthers = otherCollections;
    return settling ? settleMs : currentMs;
  }
}
