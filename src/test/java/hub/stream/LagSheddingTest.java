package hub.stream;

import org.junit.jupiter.api.Test;

import hub.log.LogFields;
import hub.support.LogCapture;

import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shedding for event-loop lag on a fake lag: a sustained lag above the limit starts it, a recent lag at half the
 * limit ends it (asked by a publication or by the probe's review), and a stall that is not sustained never starts it.
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
  void theProbesReviewEndsSheddingWithoutAPublicationAndLogsItOnce() {
    LagShedding shedding = new LagShedding(200, sustained::get, lag::get, now::get);
    sustained.set(500);
    lag.set(500);
    try (LogCapture log = LogCapture.of(LagShedding.class.getName())) {
      assertTrue(shedding.shed());
      shedding.review();
      assertTrue(shedding.shedding(), "a review above half the limit changes nothing");
      lag.set(100);
      sustained.set(100);
      now.addAndGet(1_500);
      shedding.review();
      assertFalse(shedding.shedding(), "caught up, with no publication asking");
      shedding.review();
      List<LogRecord> ends = log.records(r -> r.getMessage().contains("caught up"));
      assertEquals(1, ends.size(), "one end line");
      assertEquals(List.of(Map.entry("lagMs", 100L), Map.entry("shedMs", 1_500L), Map.entry("refused", 1L)),
          ((LogFields) ends.get(0).getParameters()[0]).entries(), "how long it shed and what it refused");
      assertFalse(shedding.shed(), "the next publication is taken");
    }
  }

  @Test
  void aReviewNeverStartsShedding() {
    LagShedding shedding = new LagShedding(200, sustained::get, lag::get, now::get);
    sustained.set(500);
    lag.set(500);
    shedding.review();
    assertFalse(shedding.shedding(), "only a publication that asks starts it");
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
