package hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicGcBackoffTest {

  private static final long MB = 1 << 20;

  @Test
  void periodicCyclesThatGiveNothingBackDoubleTheWaitUpToItsCap() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    assertEquals(5000, b.next(100 * MB, 0)); // first look: nothing to compare with
    assertEquals(10000, b.next(100 * MB, 1));
    assertEquals(20000, b.next(100 * MB, 2));
    assertEquals(40000, b.next(100 * MB, 3));
    assertEquals(80000, b.next(100 * MB, 4));
    assertEquals(5000L * PeriodicGcBackoff.MAX_FACTOR, b.next(100 * MB, 5));
  }

  @Test
  void withoutAPeriodicCycleTheWaitStaysSoTheCycleStillComes() {
    // G1 starts its periodic cycle once no collection ran for the whole wait: doubling the wait while none has run
    // would put the cycle off for ever, and the memory a burst committed would never be given back.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(180 * MB, 0);
    assertEquals(5000, b.next(180 * MB, 0));
    assertEquals(5000, b.next(180 * MB, 0));
    assertEquals(5000, b.next(60 * MB, 1)); // the cycle ran and gave memory back
    assertEquals(10000, b.next(60 * MB, 2)); // the next one gave nothing
  }

  @Test
  void aBurstInsideTheInitialHeapDoesNotPutTheFirstCycleOff() {
    // The committed heap stays at the JVM's initial size through a burst of connects with young collections only
    // (none of them periodic): the wait must still be the configured one when the node goes idle.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(382 * MB, 0);
    for (int look = 0; look < 20; look++) {
      assertEquals(5000, b.next(382 * MB, 0), "look " + look);
    }
    assertEquals(5000, b.next(40 * MB, 1)); // the first periodic cycle once idle gives most of it back
    assertEquals(10000, b.next(40 * MB, 2));
  }

  @Test
  void aGrowingHeapBringsTheConfiguredIntervalBackAtOnce() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(100 * MB, 0);
    b.next(100 * MB, 1);
    assertEquals(20000, b.next(100 * MB, 2));
    assertEquals(5000, b.next(180 * MB, 2)); // a burst committed more
    assertEquals(5000, b.next(180 * MB, 2)); // its plateau: young collections only, no periodic cycle
    assertEquals(5000, b.next(90 * MB, 3)); // the cycle after the burst gave memory back
    assertEquals(10000, b.next(90 * MB, 4));
  }

  @Test
  void onlyThePeriodicCauseCounts() {
    assertTrue(PeriodicGcTuner.isPeriodic("G1 Periodic Collection"));
    assertFalse(PeriodicGcTuner.isPeriodic("G1 Evacuation Pause"));
    assertFalse(PeriodicGcTuner.isPeriodic("System.gc()"));
    assertFalse(PeriodicGcTuner.isPeriodic(null));
  }
}
