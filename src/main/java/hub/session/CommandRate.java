package hub.session;

/**
 * One connection's command rate, counted in whole-second windows: up to the limit a command runs, above it the
 * command is refused (error 111) and at twice the limit the client is plainly not backing off and is closed (3013).
 * Pure counting over a time the caller passes in. {@link CommandQueue} extends it so that the counters sit in the
 * queue's own object: one object fewer per session (24 B in the 5,000-connection heap histogram, bench/results/perf6).
 * Confined to its session's event loop.
 */
class CommandRate {

  /** What to do with one command. */
  enum Verdict { RUN, REFUSE, CLOSE }

  private final int limit;
  /**
   * The current second's low 32 bits: only compared for equality, and two seconds that share them are 136 years
   * apart; an int here rather than a long keeps {@link CommandQueue} at 40 B (issue 13).
   */
  private int window;
  private int count;

  /** @param limit commands per second that run */
  CommandRate(int limit) {
    this.limit = limit;
  }

  /** Counts one command received at {@code nowMs} (epoch millis) and says what to do with it. */
  Verdict check(long nowMs) {
    int second = (int) (nowMs / 1000);
    if (second != window) {
      window = second;
      count = 0;
    }
    if (++count <= limit) {
      return Verdict.RUN;
    }
    return count > 2 * limit ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
