package hub.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bound on client-caused log lines, on plain numbers: a budget per second, the rest counted and reported. */
class LogBudgetTest {

  @Test
  void writesUpToTheBudgetEachSecondAndReportsWhatItLeftOut() {
    LogBudget budget = new LogBudget(3);
    long t = 7_000;
    for (int i = 0; i < 3; i++) {
      assertEquals(0, budget.take(t + i), "line " + (i + 1));
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(-1, budget.take(t + 999), "left out");
    }
    assertEquals(5, budget.take(t + 1000), "the first line of the next second says how many were left out");
    assertEquals(0, budget.take(t + 1001));
    assertEquals(" (5 similar lines left out)", LogBudget.skippedNote(5));
    assertEquals("", LogBudget.skippedNote(0));
  }

  @Test
  void refusesAnEmptyBudget() {
    assertThrows(IllegalArgumentException.class, () -> new LogBudget(0));
  }
}
