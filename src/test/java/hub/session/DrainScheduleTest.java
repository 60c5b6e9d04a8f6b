package hub.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drain arithmetic on plain numbers: session i of n is due at i * W / n, whatever n is. */
class DrainScheduleTest {

  static final long T0 = 1_000_000;

  /** The first time at which at most {@code open} sessions should remain, found by scanning each millisecond. */
  private static long firstTimeWithAtMost(DrainSchedule s, int open, long windowMs) {
    for (long t = T0; t <= T0 + windowMs; t++) {
      if (s.remainingAt(t) <= open) {
        return t - T0;
      }
    }
    throw new AssertionError("never reached " + open);
  }

  @Test
  void sessionIOfNIsClosedAtIWindowOverN() {
    int n = 20;
    long w = 3_000;
    DrainSchedule s = new DrainSchedule(T0, Duration.ofMillis(w), n);
    for (int i = 0; i < n; i++) {
      assertEquals(i * w / n, firstTimeWithAtMost(s, n - 1 - i, w), "close number " + i);
    }
  }

  @Test
  void aSmallPopulationIsSpreadOverTheWholeWindow() {
    DrainSchedule s = new DrainSchedule(T0, Duration.ofMillis(3_000), 3);
    assertEquals(2, s.remainingAt(T0), "the first close is immediate");
    assertEquals(2, s.remainingAt(T0 + 999));
    assertEquals(1, s.remainingAt(T0 + 1_000));
    assertEquals(1, s.remainingAt(T0 + 1_999));
    assertEquals(0, s.remainingAt(T0 + 2_000));
  }

  @Test
  void aLargePopulationClosesSeveralPerMillisecond() {
    DrainSchedule s = new DrainSchedule(T0, Duration.ofMillis(1_000), 10_000);
    assertEquals(9_999, s.remainingAt(T0));
    assertEquals(5_000 - 1, s.remainingAt(T0 + 500));
    assertEquals(9, s.remainingAt(T0 + 999));
  }

  @Test
  void nothingRemainsOnceTheWindowHasPassed() {
    DrainSchedule s = new DrainSchedule(T0, Duration.ofMillis(500), 7);
    assertEquals(0, s.remainingAt(T0 + 500));
    assertEquals(0, s.remainingAt(T0 + 60_000));
  }

  @Test
  void aZeroWindowOrAnEmptyShardClosesEverythingAtOnce() {
    assertEquals(0, new DrainSchedule(T0, Duration.ZERO, 50).remainingAt(T0));
    assertEquals(0, new DrainSchedule(T0, Duration.ofSeconds(10), 0).remainingAt(T0));
  }

  @Test
  void aClockThatStepsBackHoldsTheSchedule() {
    DrainSchedule s = new DrainSchedule(T0, Duration.ofMillis(1_000), 10);
    assertEquals(9, s.remainingAt(T0 - 5_000));
  }

  @Test
  void theTimerTicksAtTheGapBetweenClosesWithinBounds() {
    assertEquals(50, new DrainSchedule(T0, Duration.ofMillis(1_000), 20).tickMs());
    assertEquals(DrainSchedule.MAX_TICK_MS, new DrainSchedule(T0, Duration.ofMillis(3_000), 20).tickMs());
    assertEquals(DrainSchedule.MIN_TICK_MS, new DrainSchedule(T0, Duration.ofMillis(1_000), 5_000).tickMs());
    assertEquals(DrainSchedule.MIN_TICK_MS, new DrainSchedule(T0, Duration.ZERO, 1).tickMs());
  }
}
