package hub.it;

import hub.support.HubProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged jar sets G1's heap free ratios from {@code jvm.*} in its own running JVM, and leaves a ratio the
 * operator put on the java command line as it is. Read back from the process with jcmd.
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
}
