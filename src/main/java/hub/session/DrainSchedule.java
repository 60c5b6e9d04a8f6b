package hub.session;

import java.time.Duration;

/**
 * When each session of a drain is closed, as plain arithmetic over the time the caller passes in: with {@code n}
 * sessions and a window {@code W} that starts at {@code t0}, session {@code i} (from 0) is due at
 * {@code t0 + i * W / n}. The closes are thus spread evenly over the whole window whatever {@code n} is, so that a
 * small population does not reconnect in one burst at the start of the window either. Immutable.
 */
final class DrainSchedule {

  /** Bounds of the timer period that drives a drain: fine enough for the schedule, never a busy loop. */
  static final long MIN_TICK_MS = 10;
  static final long MAX_TICK_MS = 100;

  private final long startMs;
  private final long windowMs;
  private final int population;

  /**
   * @param startMs    when the drain starts (epoch millis)
   * @param window     over how long the closes are spread; zero closes everything at once
   * @param population sessions open when the drain starts
   */
  DrainSchedule(long startMs, Duration window, int population) {
    this.startMs = startMs;
    this.windowMs = window.toMillis();
    this.population = population;
  }

  /**
   * How many sessions should still be open at {@code now}. Counting what remains, rather than what was closed, lets
   * sessions that end by themselves count towards the schedule, and sessions adopted late still get closed by the
   * end of the window.
   */
  int remainingAt(long now) {
    long elapsed = Math.max(0, now - startMs); // a clock that steps back holds the schedule, never reverses it
    if (elapsed >= windowMs || population == 0) {
      return 0;
    }
    long due = elapsed * population / windowMs + 1; // sessions 0 .. due-1 have reached their time
    return (int) Math.max(0, population - due);
  }

  /** The period of the timer that follows this schedule: the gap between two closes, within the bounds above. */
  long tickMs() {
    long gap = windowMs / Math.max(1, population);
    return Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, gap));
  }
}
