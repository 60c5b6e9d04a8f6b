package hub.it;

import hub.support.HubProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar sets G1's heap free ratios and periodic collection from {@code jvm.*} in its own running JVM, and
 * leaves a value the operator put on the java command line as it is. Read back from the process with jcmd.
 */
class HeapFreeRatiosIT {

  static final Duration START = Duration.ofSeconds(60);

  @Test
  void theJarRunsWithTheConfiguredRatios() {
    JsonObject jvm = new JsonObject().put("minHeapFreeRatio", 6).put("maxHeapFreeRatio", 21);
    try (HubProcess node = HubProcess.start("ratios-config", new JsonObject().put("jvm", jvm))) {
      node.awaitReady(START);
      assertEquals("6", node.vmFlag("MinHeapFreeRatio"));
      assertEquals("21", node.vmFlag("MaxHeapFreeRatio"));
      // 1000 once the tuner saw the start-up's collections and waits for the first quiet second (the settle wait).
      assertTrue(Set.of("5000", "1000").contains(node.vmFlag("G1PeriodicGCInterval")),
          "the periodic collection's default or its settle wait");
    }
  }

  @Test
  void aRatioOnTheJavaCommandLineWins() {
    try (HubProcess node = HubProcess.start("ratios-cli", new JsonObject(), List.of("-XX:MaxHeapFreeRatio=50"))) {
      node.awaitReady(START);
      assertEquals("50", node.vmFlag("MaxHeapFreeRatio"));
      assertEquals("5", node.vmFlag("MinHeapFreeRatio"), "the other ratio still takes the hub's default");
    }
  }

  @Test
  void periodicCollectionFollowsTheConfigAndTheCommandLineWins() {
    JsonObject off = new JsonObject().put("jvm", new JsonObject().put("periodicGcIntervalMs", 0));
    try (HubProcess node = HubProcess.start("periodic-off", off)) {
      node.awaitReady(START);
      assertEquals("0", node.vmFlag("G1PeriodicGCInterval"));
    }
    JsonObject unsettled = new JsonObject().put("jvm", new JsonObject().put("periodicGcSettleMs", 0));
    try (HubProcess node = HubProcess.start("periodic-unsettled", unsettled)) {
      node.awaitReady(START);
      assertEquals("5000", node.vmFlag("G1PeriodicGCInterval"), "no settle wait: the interval alone");
    }
    try (HubProcess node = HubProcess.start("periodic-cli", new JsonObject(), List.of("-XX:G1PeriodicGCInterval=60000"))) {
      node.awaitReady(START);
      assertEquals("60000", node.vmFlag("G1PeriodicGCInterval"));
    }
  }
}
