package hub.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeat arithmetic, with plain numbers: when pings and pong deadlines fall, what the client is told, and how
 * often the shard must sweep to meet them.
 */
class HeartbeatTest {

  private static final long NOW = 1_000_000L;

  @Test
  void firstPingFallsInTheSecondHalfOfTheInterval() {
    Heartbeat h = new Heartbeat(Duration.ofMillis(25_000), Duration.ofMillis(8_000));
    assertEquals(NOW + 12_500, h.firstPingAt(NOW, 0.0));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      long at = h.firstPingAt(NOW, random.nextDouble());
      assertTrue(at >= NOW + 12_500 && at < NOW + 25_000, "first ping at +" + (at - NOW));
    }
    assertTrue(h.firstPingAt(NOW, Math.nextDown(1.0)) <= NOW + 25_000);
  }

  @Test
  void firstPingSpreadsOverTheWholeSecondHalf() {
    Heartbeat h = new Heartbeat(Duration.ofMillis(1000), Duration.ofMillis(300));
    assertEquals(NOW + 500, h.firstPingAt(NOW, 0.0));
    assertEquals(NOW + 750, h.firstPingAt(NOW, 0.5));
    assertEquals(NOW + 999, h.firstPingAt(NOW, 0.999));
  }

  @Test
  void oddIntervalsStayWithinTheInterval() {
    Heartbeat h = new Heartbeat(Duration.ofMillis(101), Duration.ofMillis(50));
    assertEquals(NOW + 50, h.firstPingAt(NOW, 0.0));
    assertTrue(h.firstPingAt(NOW, Math.nextDown(1.0)) <= NOW + 101);
  }

  @Test
  void laterPingsComeOneIntervalApart() {
    Heartbeat h = new Heartbeat(Duration.ofMillis(25_000), Duration.ofMillis(8_000));
    assertEquals(NOW + 25_000, h.nextPingAfter(NOW));
  }

  @Test
  void pongIsDueOnePongTimeoutAfterThePing() {
    Heartbeat h = new Heartbeat(Duration.ofMillis(25_000), Duration.ofMillis(8_000));
    assertEquals(NOW + 8_000, h.pongDeadline(NOW));
  }

  @ParameterizedTest(name = "{0} ms -> {1} s")
  @CsvSource({"25000,25", "25001,26", "24999,25", "1000,1", "1001,2", "999,1", "100,1", "3600000,3600"})
  void advertisedSecondsRoundUpAndNeverFallBelowOne(long intervalMs, int seconds) {
    // rounding down would tell the SDK to expect pings more often than they come, and it would reconnect
    assertEquals(seconds, new Heartbeat(Duration.ofMillis(intervalMs), Duration.ofMillis(10)).advertisedSeconds());
  }

  @ParameterizedTest(name = "{0} -> {1} ms")
  @CsvSource({
      "25000 8000 10000, 1000",
      "400 300 500, 75",
      "60 50 50, 12",
      "20 20 20, 10",
      "1 1 1, 10",
      "3600000 3600000 3600000, 1000",
      "4000 3000 100000, 750"})
  void sweepPeriodMeetsTheShortestDeadlineWithinBounds(String deadlinesMs, long expected) {
    Duration[] deadlines = Arrays.stream(deadlinesMs.split(" "))
        .map(s -> Duration.ofMillis(Long.parseLong(s))).toArray(Duration[]::new);
    long period = Heartbeat.sweepPeriod(deadlines);
    assertEquals(expected, period);
    assertTrue(period >= Heartbeat.MIN_SWEEP_MS && period <= Heartbeat.MAX_SWEEP_MS);
  }
}
