package hub.log;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on how many lines of one kind reach the log per second, for lines a client can cause (bad input, closes
 * it provoked, internal errors it found a way to trigger): past the bound the lines are counted instead of written,
 * and the next line written says how many were left out. Without it, one hostile client could flood the log and
 * hide everything else in it (issue 10, item 17). Thread-safe and lock-free; share one per kind of line.
 */
public final class LogBudget {

  /** Lines per second for one kind of client-caused line; enough to see what is going on, never a flood. */
  public static final int DEFAULT_LINES_PER_SECOND = 20;

  private final int perSecond;
  private final AtomicLong second = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicLong skipped = new AtomicLong();

  public LogBudget(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be >= 1");
    }
    this.perSecond = perSecond;
  }

  public LogBudget() {
    this(DEFAULT_LINES_PER_SECOND);
  }

  /**
   * Takes one line at {@code nowMs} (epoch millis).
   *
   * @return -1 when the line must be left out; otherwise how many were left out since the last line written
   */
  public long take(long nowMs) {
    long s = nowMs / 1000;
    long current = second.get();
    // A new second resets the count; of the threads that see it first, one wins and the others count in it.
    if (s != current && second.compareAndSet(current, s)) {
      used.set(0);
    }
    if (used.incrementAndGet() <= perSecond) {
      return skipped.getAndSet(0);
    }
    skipped.incrementAndGet();
    return -1;
  }

  /** The suffix a written line carries when lines were left out before it, else "". */
  public static String skippedNote(long skipped) {
    return skipped > 0 ? " (" + skipped + " similar lines left out)" : "";
  }
}
