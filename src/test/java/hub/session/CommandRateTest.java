package hub.session;

import org.junit.jupiter.api.Test;

import static hub.session.CommandRate.Verdict.CLOSE;
import static hub.session.CommandRate.Verdict.REFUSE;
import static hub.session.CommandRate.Verdict.RUN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-connection command rate, on plain numbers: run up to the limit, refuse above it, close above twice it. */
class CommandRateTest {

  @Test
  void runsUpToTheLimitRefusesAboveItAndClosesAboveTwiceIt() {
    CommandRate rate = new CommandRate(3);
    long t = 1_000_000;
    for (int i = 0; i < 3; i++) {
      assertEquals(RUN, rate.check(t), "command " + (i + 1));
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(REFUSE, rate.check(t + 999), "command " + (i + 4));
    }
    assertEquals(CLOSE, rate.check(t + 999));
  }

  @Test
  void aNewSecondStartsAFreshCount() {
    CommandRate rate = new CommandRate(2);
    long t = 5_000;
    rate.check(t);
    rate.check(t);
    assertEquals(REFUSE, rate.check(t + 500));
    assertEquals(RUN, rate.check(t + 1000));
    assertEquals(RUN, rate.check(t + 1000));
    assertEquals(REFUSE, rate.check(t + 1999));
  }
}
