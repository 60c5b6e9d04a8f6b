package hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicGcBackoffTest {

  private static final long MB = 1 << 20;

  @Test
  void periodicCyclesThatGiveNothingBackDoubleTheWaitUpToItsCap() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 0);
    assertEquals(5000, b.next(0, 100 * MB, 0, 0)); // first look: nothing to compare with
    assertEquals(10000, b.next(0, 100 * MB, 1, 0));
    assertEquals(20000, b.next(0, 100 * MB, 2, 0));
    assertEquals(40000, b.next(0, 100 * MB, 3, 0));
    assertEquals(80000, b.next(0, 100 * MB, 4, 0));
    assertEquals(5000L * PeriodicGcBackoff.MAX_FACTOR, b.next(0, 100 * MB, 5, 0));
  }

  @Test
  void withoutAPeriodicCycleTheWaitStaysSoTheCycleStillComes() {
    // G1 starts its periodic cycle once no collection ran for the whole wait: doubling the wait while none has run
    // would put the cycle off for ever, and the memory a burst committed would never be given back.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 0);
    b.next(0, 180 * MB, 0, 0);
    assertEquals(5000, b.next(0, 180 * MB, 0, 0));
    assertEquals(5000, b.next(0, 180 * MB, 0, 0));
    assertEquals(5000, b.next(0, 60 * MB, 1, 0)); // the cycle ran and gave memory back
    assertEquals(10000, b.next(0, 60 * MB, 2, 0)); // the next one gave nothing
  }

  @Test
  void aBurstInsideTheInitialHeapDoesNotPutTheFirstCycleOff() {
    // The committed heap stays at the JVM's initial size through a burst of connects with young collections only
    // (none of them periodic): the wait must still be the configured one when the node goes idle.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 0);
    b.next(0, 382 * MB, 0, 0);
    for (int look = 0; look < 20; look++) {
      assertEquals(5000, b.next(0, 382 * MB, 0, 0), "look " + look);
    }
    assertEquals(5000, b.next(0, 40 * MB, 1, 0)); // the first periodic cycle once idle gives most of it back
    assertEquals(10000, b.next(0, 40 * MB, 2, 0));
  }

  @Test
  void aGrowingHeapBringsTheConfiguredIntervalBackAtOnce() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 0);
    b.next(0, 100 * MB, 0, 0);
    b.next(0, 100 * MB, 1, 0);
    assertEquals(20000, b.next(0, 100 * MB, 2, 0));
    assertEquals(5000, b.next(0, 180 * MB, 2, 0)); // a burst committed more
    assertEquals(5000, b.next(0, 180 * MB, 2, 0)); // its plateau: young collections only, no periodic cycle
    assertEquals(5000, b.next(0, 90 * MB, 3, 0)); // the cycle after the burst gave memory back
    assertEquals(10000, b.next(0, 90 * MB, 4, 0));
  }

  @Test
  void otherCollectionsShortenTheWaitUntilTheNextPeriodicCycle() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 1000);
    assertEquals(5000, b.next(0, 100 * MB, 0, 0)); // first look
    assertEquals(5000, b.next(1000, 100 * MB, 0, 0), "a quiet node keeps the interval");
    assertEquals(1000, b.next(2000, 180 * MB, 0, 3), "a burst: the cycle is to come 1 s after its last collection");
    assertEquals(1000, b.next(3000, 180 * MB, 0, 9), "still busy: G1 waits for a whole second without one");
    assertEquals(1000, b.next(4000, 180 * MB, 0, 9), "quiet again: the settle wait stays until the cycle comes");
    assertEquals(5000, b.next(5000, 60 * MB, 1, 9), "the cycle ran and gave memory back");
    assertEquals(10000, b.next(10_000, 60 * MB, 2, 9), "the next one gave nothing");
  }

  @Test
  void aNodeThatCollectsEveryFewSecondsSettlesWithinABudget() {
    // Collections every 2 s leave G1 a whole second without one each time: settling at every collection would start
    // a periodic cycle after each. At most SETTLE_BUDGET settle cycles run in any 80 s.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 1000);
    b.next(0, 100 * MB, 0, 0);
    long others = 0;
    long cycles = 0;
    int settledInFirstWindow = 0;
    int settledAfter = 0;
    for (long now = 1000; now < 120_000; now += 1000) {
      others += now % 2000 == 0 ? 0 : 1;
      long wait = b.next(now, 100 * MB, cycles, others);
      if (wait == 1000) {
        if (now < 80_000) {
          settledInFirstWindow++;
        } else {
          settledAfter++;
        }
        cycles++; // G1 starts the cycle within the second that follows
      }
    }
    assertEquals(PeriodicGcBackoff.SETTLE_BUDGET, settledInFirstWindow, "the budget, spent at the first chances");
    assertTrue(settledAfter >= 1, "once the window has moved on, a burst settles again");
  }

  @Test
  void noSettleWaitKeepsTheBackoffAlone() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000, 0);
    b.next(0, 100 * MB, 0, 0);
    assertEquals(5000, b.next(1000, 180 * MB, 0, 50));
    assertEquals(5000, b.next(2000, 180 * MB, 0, 90));
  }

  @Test
  void onlyThePeriodicCauseCounts() {
    assertTrue(PeriodicGcTuner.isPeriodic("G1 Periodic Collection"));
    assertFalse(PeriodicGcTuner.isPeriodic("G1 Evacuation Pause"));
    assertFalse(PeriodicGcTuner.isPeriodic("System.gc()"));
    assertFalse(PeriodicGcTuner.isPeriodic(null));
  }
}
