package hub.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One loop's lag on a fake monotonic clock: the worst of the last few runs, or how long a due run has waited. */
class LoopLagTest {

  private static final long MS = 1_000_000;

  @Test
  void aLoopThatRunsOnTimeHasNoLag() {
    LoopLag lag = new LoopLag();
    for (long t = 0; t < 10; t++) {
      lag.armed(t * 50 * MS);
      assertEquals(0, lag.lagNanos(t * 50 * MS), "not due yet");
      lag.ran(t * 50 * MS);
    }
    assertEquals(0, lag.lagNanos(500 * MS), "nothing due after the last run");
  }

  @Test
  void aDueRunThatHasNotHappenedCountsAsLagWhileTheLoopIsStuck() {
    LoopLag lag = new LoopLag();
    lag.armed(100 * MS);
    assertEquals(0, lag.lagNanos(100 * MS));
    assertEquals(250 * MS, lag.lagNanos(350 * MS), "stuck for 250 ms past the due time");
    assertEquals(900 * MS, lag.lagNanos(1_000 * MS), "and growing, before the probe could run");
    lag.ran(1_000 * MS);
    assertEquals(900 * MS, lag.lagNanos(1_000 * MS), "the late run is remembered");
  }

  @Test
  void oneLateRunIsForgottenAfterTheWindowOfHealthyRuns() {
    LoopLag lag = new LoopLag();
    long t = 0;
    lag.armed(t);
    t += 400 * MS;
    lag.ran(t);
    for (int i = 1; i < LoopLag.WINDOW; i++) {
      lag.armed(t + 50 * MS);
      t += 50 * MS;
      lag.ran(t);
      assertEquals(400 * MS, lag.lagNanos(t), "still within the window after " + i + " healthy runs");
    }
    lag.armed(t + 50 * MS);
    t += 55 * MS;
    lag.ran(t);
    assertEquals(5 * MS, lag.lagNanos(t), "the 400 ms run left the window; the worst left is 5 ms");
  }

  @Test
  void aRunBeforeItsDueTimeIsOnTimeAndAStoppedProbeReadsZero() {
    LoopLag lag = new LoopLag();
    lag.armed(100 * MS);
    lag.ran(99 * MS);
    assertEquals(0, lag.lagNanos(99 * MS));
    lag.armed(150 * MS);
    lag.stopped();
    assertEquals(0, lag.lagNanos(10_000 * MS), "a stopped probe is never overdue");
  }

  @Test
  void onlyALoopLateOnTwoOfItsLastRunsHasSustainedLag() {
    LoopLag lag = new LoopLag();
    long t = 0;
    lag.armed(t);
    t += 761 * MS;
    lag.ran(t);
    assertEquals(761 * MS, lag.lagNanos(t), "the gauge shows the stall");
    assertEquals(0, lag.sustainedNanos(), "one stall is not sustained");
    lag.armed(t + 50 * MS);
    t += 50 * MS;
    lag.ran(t);
    assertEquals(0, lag.sustainedNanos(), "a run on time after it changes nothing");
    lag.armed(t + 50 * MS);
    t += 50 * MS + 320 * MS;
    lag.ran(t);
    assertEquals(320 * MS, lag.sustainedNanos(), "late twice in the window: the smaller of the two");
    for (int i = 0; i < LoopLag.WINDOW - 1; i++) {
      lag.armed(t + 50 * MS);
      t += 50 * MS;
      lag.ran(t);
    }
    assertEquals(0, lag.sustainedNanos(), "the stall left the window: one late run is left");
    lag.armed(t + 50 * MS);
    assertEquals(0, lag.sustainedNanos(), "a run still due does not count (a stuck loop is a stall)");
    lag.stopped();
    assertEquals(0, lag.sustainedNanos());
  }
}
