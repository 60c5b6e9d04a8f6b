package hub.session;

import java.time.Duration;

/**
 * Deadline arithmetic for pings, pongs and the connect deadline, free of timers and clocks so that it can be tested
 * with plain numbers. Immutable.
 */
final class Heartbeat {

  /** Shortest and longest sweep period: a sweep is cheap, but there is no point in running it more than 100 times a second. */
  static final long MIN_SWEEP_MS = 10;
  static final long MAX_SWEEP_MS = 1000;

  private final long intervalMs;
  private final long pongTimeoutMs;

  Heartbeat(Duration interval, Duration pongTimeout) {
    this.intervalMs = interval.toMillis();
    this.pongTimeoutMs = pongTimeout.toMillis();
  }

  /**
   * When the first ping of a new connection is due: a random point in the second half of the interval, so that
   * clients connecting together (after a restart) do not get their pings in the same tick forever after.
   */
  long firstPingAt(long now, double random) {
    return now + intervalMs / 2 + (long) (random * (intervalMs - intervalMs / 2));
  }

  long nextPingAfter(long pingSentAt) {
    return pingSentAt + intervalMs;
  }

  long pongDeadline(long pingSentAt) {
    return pingSentAt + pongTimeoutMs;
  }

  /** The {@code ping} value of the connect result, in whole seconds, never less than the real interval. */
  int advertisedSeconds() {
    return (int) Math.max(1, (intervalMs + 999) / 1000);
  }

  /** A sweep period fine enough to meet the shortest of the given deadlines within a quarter of it. */
  static long sweepPeriod(Duration... deadlines) {
    long shortest = Long.MAX_VALUE;
    for (Duration d : deadlines) {
      shortest = Math.min(shortest, d.toMillis());
    }
    return Math.max(MIN_SWEEP_MS, Math.min(MAX_SWEEP_MS, shortest / 4));
  }
}
