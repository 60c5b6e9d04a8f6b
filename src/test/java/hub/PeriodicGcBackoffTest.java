package hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeriodicGcBackoffTest {

  private static final long MB = 1 << 20;

  @Test
  void anUnchangedHeapDoublesTheWaitUpToItsCap() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    assertEquals(5000, b.next(100 * MB)); // first look: nothing to compare with
    assertEquals(10000, b.next(100 * MB));
    assertEquals(20000, b.next(100 * MB));
    assertEquals(40000, b.next(100 * MB));
    assertEquals(80000, b.next(100 * MB));
    assertEquals(5000L * PeriodicGcBackoff.MAX_FACTOR, b.next(100 * MB));
  }

  @Test
  void aGrowingHeapBringsTheConfiguredIntervalBackAtOnce() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(100 * MB);
    b.next(100 * MB);
    assertEquals(20000, b.next(100 * MB));
    assertEquals(5000, b.next(180 * MB)); // a burst committed more
    assertEquals(10000, b.next(180 * MB));
  }

  @Test
  void aShrinkingHeapKeepsTheWaitWhileCyclesStillGiveMemoryBack() {
    PeriodicGcBackoff b = new PeriodicGcBackoff(5000);
    b.next(200 * MB);
    assertEquals(5000, b.next(120 * MB));
    assertEquals(5000, b.next(60 * MB));
    assertEquals(10000, b.next(60 * MB)); // settled
  }
}
