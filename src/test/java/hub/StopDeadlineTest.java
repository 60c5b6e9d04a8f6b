package hub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stop deadline on its own, with the halt replaced by a recorder so the test JVM survives it. */
class StopDeadlineTest {

  @Test
  void theLimitIsTheDrainWindowPlusTheNamedGrace() {
    assertEquals(Duration.ofSeconds(25), StopDeadline.limitFor(Duration.ofSeconds(10)));
    assertEquals(StopDeadline.STOP_GRACE, StopDeadline.limitFor(Duration.ZERO));
  }

  @Test
  void aStopStillRunningAtTheLimitIsCutWithOneLineAndANonZeroCode() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Integer> halts = new CopyOnWriteArrayList<>();
    Thread watcher = StopDeadline.start(Duration.ofMillis(50), new PrintStream(err, true, StandardCharsets.UTF_8),
        halts::add);
    assertTrue(watcher.isDaemon(), "the deadline never keeps the JVM alive by itself");
    watcher.join(10_000);
    assertFalse(watcher.isAlive());
    assertEquals(List.of(StopDeadline.EXIT_STOP_TIMEOUT), halts, "halted once, non-zero");
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("realtime-hub: stop did not finish within 50 ms (drain window + 15 s grace); exiting with 3"),
        lines);
  }

  @Test
  void nothingHappensBeforeTheLimit() throws Exception {
    List<Integer> halts = new CopyOnWriteArrayList<>();
    Thread watcher = StopDeadline.start(Duration.ofMinutes(10), System.err, halts::add);
    watcher.join(200);
    assertTrue(watcher.isAlive());
    assertEquals(List.of(), halts);
    watcher.interrupt(); // the test's own clean-up; in production the process ends first
  }
}
