package hub.it;

import hub.support.HubProcess;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a node writes to its log over a plain life (start, a few clients and API calls, SIGTERM): no warning at all,
 * in particular not Micrometer's false "Gauge has been already registered" for Vert.x's own meters.
 */
class NodeLogIT {

  @Test
  void aNodeLivesAndStopsWithoutAWarningInItsLog() throws IOException {
    try (HubProcess node = HubProcess.start("log-check", new JsonObject())) {
      node.awaitReady(Duration.ofSeconds(60));
      try (WsClient a = WsClient.connected(node.port(), "alice"); WsClient b = WsClient.connected(node.port(), "bob")) {
        a.subscribe("news");
        b.subscribe("news");
        node.api("publish", new JsonObject().put("channel", "news").put("data", new JsonObject().put("n", 1)));
        node.api("info", new JsonObject());
        a.push();
        b.push();
      }
      assertEquals(200, node.status("/metrics"));
      assertEquals(0, node.terminate(Duration.ofSeconds(30)), "SIGTERM drains and exits 0");
      List<String> warnings = Files.readAllLines(node.log()).stream()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("already registered"))
          .filter(l -> !isKnownVertxMetricsRace(l))
          .toList();
      assertEquals(List.of(), warnings, () -> "log: " + node.log());
      // Where the stop's time went (issue 10 item 19), one line: a rolling deploy waits for the slowest phase.
      List<String> phases = Files.readAllLines(node.log()).stream().filter(l -> l.contains("stop phases")).toList();
      assertEquals(1, phases.size(), () -> "log: " + node.log());
      for (String field : List.of("drainMs=", "presenceMs=", "undeployMs=", "closeMs=")) {
        assertTrue(phases.get(0).contains(field), phases.get(0));
      }
    }
  }

  /**
   * Seen in about one run in three on a loaded 2-core runner, and with every socket layer: vertx-micrometer-metrics
   * 5.0.7 finds no connection metric for an early HTTP/1 request ({@code "socketMetric" is null} in
   * {@code VertxHttpServerMetrics.requestBegin}, then {@code "requestMetric"} in {@code requestEnd} and the
   * follow-up in {@code Http1xServerRequest.handleException}). It is a fault in the
   * metrics library under investigation (issue 10), not a warning of ours; any other warning still fails the test.
   */
  static boolean isKnownVertxMetricsRace(String line) {
    return line.contains("NullPointerException: Cannot read field \"tags\" because \"socketMetric\" is null")
        || line.contains("NullPointerException: Cannot read field \"tags\" because \"requestMetric\" is null");
  }
}
