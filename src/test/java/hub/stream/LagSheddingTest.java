package hub.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shedding for event-loop lag on a fake lag: a sustained lag above the limit starts it, a recent lag at half the
 * limit ends it, and a stall that is not sustained never starts it.
 */
class LagSheddingTest {

  private final AtomicLong sustained = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void shedsAboveTheLimitAndResumesOnlyAtHalfOfIt() {
    LagShedding shedding = new LagShedding(200, sustained::get, lag::get, now::get);
    lag.set(5_000);
    assertFalse(shedding.shed(), "one stall, however long, is not sustained lag");
    sustained.set(200);
    assertFalse(shedding.shed(), "sustained at the limit is still accepted");
    sustained.set(201);
    assertTrue(shedding.shed(), "sustained above the limit");
    sustained.set(0);
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
    assertFalse(shedding.shed(), "a new spike alone does not shed");
    sustained.set(300);
    assertTrue(shedding.shed(), "a new sustained lag sheds again");
  }

  @Test
  void aLimitOfZeroIsOff() {
    LagShedding shedding = new LagShedding(0, sustained::get, lag::get, now::get);
    sustained.set(Long.MAX_VALUE);
    lag.set(Long.MAX_VALUE);
    assertFalse(shedding.shed());
    assertFalse(LagShedding.OFF.shed());
  }
}
