package bench.scenario;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FanoutWarmUpTest {
  @Test
  void anExplicitWarmUpIsUsedAsGivenAtAnyRate() {
    assertEquals(45, FanoutScenario.warmUpSeconds(10, 45));
    assertEquals(45, FanoutScenario.warmUpSeconds(1, 45));
  }

  @Test
  void theDefaultRuleWantsTwentyPublicationsWithinThreeToFifteenSeconds() {
    assertEquals(3, FanoutScenario.warmUpSeconds(10, 0));
    assertEquals(4, FanoutScenario.warmUpSeconds(5, 0));
    assertEquals(15, FanoutScenario.warmUpSeconds(1, 0));
  }

  @Test
  void thePlanKeepsItsWarmUpOnOtherChannels() {
    FanoutScenario.Plan p = new FanoutScenario.Plan(1000, 1, 10_000, 20, 100, 10).withWarmUp(40).onChannels("x:");
    assertEquals(40, p.warmUpSeconds());
    assertEquals("x:", p.prefix());
  }
}
