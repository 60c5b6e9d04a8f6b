package hub.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shedding for event-loop lag on a fake lag: above the limit it refuses, and only half the limit ends it. */
class LagSheddingTest {

  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void shedsAboveTheLimitAndResumesOnlyAtHalfOfIt() {
    LagShedding shedding = new LagShedding(200, lag::get, now::get);
    lag.set(200);
    assertFalse(shedding.shed(), "at the limit is still accepted");
    lag.set(201);
    assertTrue(shedding.shed(), "above the limit");
    assertTrue(shedding.shedding());
    lag.set(150);
    assertTrue(shedding.shed(), "below the limit but above half: still shedding (no flapping)");
    lag.set(101);
    assertTrue(shedding.shed());
    lag.set(100);
    assertFalse(shedding.shed(), "half the limit: taking publications again");
    assertFalse(shedding.shedding());
    lag.set(150);
    assertFalse(shedding.shed(), "between half and the limit, not shedding stays not shedding");
    lag.set(5_000);
    assertTrue(shedding.shed(), "and a new spike sheds again");
  }

  @Test
  void aLimitOfZeroIsOff() {
    LagShedding shedding = new LagShedding(0, lag::get, now::get);
    lag.set(Long.MAX_VALUE);
    assertFalse(shedding.shed());
    assertFalse(LagShedding.OFF.shed());
  }
}
