package hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodicGcBackoffTest {

  private static final long MB = 1 << 20;

  @Test
  void collectionsThatGiveNothingBackDoubleTheWaitUpToItsCap() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    assertEquals(5000, b.next(100 * MB, 10)); // first look: nothing to compare with
    assertEquals(10000, b.next(100 * MB, 11));
    assertEquals(20000, b.next(100 * MB, 12));
    assertEquals(40000, b.next(100 * MB, 13));
    assertEquals(80000, b.next(100 * MB, 14));
    assertEquals(5000L * PeriodicGcBackoff.MAX_FACTOR, b.next(100 * MB, 15));
  }

  @Test
  void withoutACollectionTheWaitStaysSoThePeriodicCycleStillComes() {
    // G1 starts its periodic cycle once no collection ran for the whole wait: doubling the wait while none has run
    // would put the cycle off for ever, and the memory a burst committed would never be given back.
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(180 * MB, 40);
    assertEquals(5000, b.next(180 * MB, 40));
    assertEquals(5000, b.next(180 * MB, 40));
    assertEquals(5000, b.next(60 * MB, 41)); // the cycle ran and gave memory back
    assertEquals(10000, b.next(60 * MB, 42)); // the next one gave nothing
  }

  @Test
  void aGrowingHeapBringsTheConfiguredIntervalBackAtOnce() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(100 * MB, 1);
    b.next(100 * MB, 2);
    assertEquals(20000, b.next(100 * MB, 3));
    assertEquals(5000, b.next(180 * MB, 9)); // a burst committed more
    assertEquals(5000, b.next(180 * MB, 9));
    // Young collections on a plateau of the burst: still above the floor, so the periodic cycle stays near.
    assertEquals(5000, b.next(180 * MB, 30));
    assertEquals(5000, b.next(180 * MB, 50));
    assertEquals(5000, b.next(90 * MB, 51)); // the cycle after the burst: the new floor
    assertEquals(10000, b.next(90 * MB, 52));
  }
}
