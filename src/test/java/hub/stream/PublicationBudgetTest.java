package hub.stream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static hub.stream.PublicationBudget.Refusal.LAG;
import static hub.stream.PublicationBudget.Refusal.PENDING;
import static hub.stream.PublicationBudget.Refusal.RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The node's publication budget on plain numbers: a rate per whole second, and none while the loops are behind. */
class PublicationBudgetTest {

  private final AtomicLong now = new AtomicLong(10_000);
  private final AtomicLong pending = new AtomicLong();

  @Test
  void takesUpToTheRateEachSecondAndRefusalsCostNothing() {
    PublicationBudget budget = new PublicationBudget(3, 100, pending::get, now::get);
    for (int i = 0; i < 3; i++) {
      assertNull(budget.take(1), "publication " + (i + 1));
    }
    assertEquals(RATE, budget.take(1));
    assertEquals(RATE, budget.take(1));
    now.addAndGet(999);
    assertEquals(RATE, budget.take(1), "still the same second");
    now.addAndGet(1);
    assertNull(budget.take(1), "a new second, a new budget");
    assertNull(budget.take(2));
    assertEquals(RATE, budget.take(1));
  }

  @Test
  void refusesWhileTheEventLoopsHaveTooMuchQueued() {
    PublicationBudget budget = new PublicationBudget(1_000, 100, pending::get, now::get);
    pending.set(100);
    assertNull(budget.take(1), "at the bound is still accepted");
    pending.set(101);
    assertEquals(PENDING, budget.take(1));
    pending.set(0);
    assertNull(budget.take(1), "accepted again once the loops caught up");
  }

  @Test
  void refusesWhileTheEventLoopsRunLateWithoutSpendingTheRate() {
    AtomicLong lag = new AtomicLong();
    PublicationBudget budget = new PublicationBudget(2, 100, pending::get, now::get,
        new LagShedding(300, lag::get, lag::get, now::get));
    lag.set(301);
    for (int i = 0; i < 10; i++) {
      assertEquals(LAG, budget.take(1), "refused while the loops are late");
    }
    lag.set(200);
    assertEquals(LAG, budget.take(1), "above half the limit the shedding holds");
    lag.set(150);
    assertNull(budget.take(1), "the lag refusals did not spend this second's rate");
    assertNull(budget.take(1));
    assertEquals(RATE, budget.take(1));
  }

  @Test
  void theUnboundedBudgetNeverRefuses() {
    for (int i = 0; i < 10_000; i++) {
      assertNull(PublicationBudget.UNBOUNDED.take(1));
    }
  }
}
