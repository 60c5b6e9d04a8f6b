package hub.it;

import hub.support.HubProcess;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http.transport} picks Netty's socket layer: a native one that loads carries the node's traffic, and one that
 * cannot load leaves the node on NIO with one log line saying why, instead of refusing to start.
 */
class NativeTransportIT {

  static final Duration START = Duration.ofSeconds(60);
  static final String FALLBACK = "is not available here, using nio";

  static JsonObject transport(String name) {
    return new JsonObject().put("http", new JsonObject().put("transport", name));
  }

  static List<String> log(HubProcess node) throws IOException {
    return Files.readAllLines(node.log());
  }

  static long count(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains(text)).count();
  }

  /** The node answers over its transport: readiness, the server API, metrics. */
  static void serves(HubProcess node) {
    assertEquals(200, node.status("/ready"));
    JsonObject info = node.api("info", new JsonObject());
    assertEquals(1, info.getJsonArray("nodes").size(), "info answered: " + info);
    assertEquals(200, node.status("/metrics"));
  }

  @Test
  void epollCarriesTheNodesTraffic() throws IOException {
    try (HubProcess node = HubProcess.start("transport-epoll", transport("epoll"))) {
      node.awaitReady(START);
      serves(node);
      List<String> lines = log(node);
      assertEquals(1, count(lines, "transport epoll,"), String.join("\n", lines));
      assertEquals(0, count(lines, FALLBACK));
    }
  }

  @Test
  void theDefaultRunsEpollWhereItLoads() throws IOException {
    try (HubProcess node = HubProcess.start("transport-default", new JsonObject())) {
      node.awaitReady(START);
      serves(node);
      List<String> lines = log(node);
      // auto tries epoll first: whether it loads with this JVM and kernel decides what the node must report.
      boolean available = Transport.EPOLL.available();
      assertEquals(1, count(lines, available ? "transport epoll," : "transport nio,"), String.join("\n", lines));
      assertEquals(available ? 0 : 1, count(lines, FALLBACK), String.join("\n", lines));
    }
  }

  @Test
  void aNativeTransportThatCannotLoadFallsBackToNioWithOneLine() throws IOException {
    // Netty's own switch makes every native transport report itself unavailable, as on a platform without them.
    try (HubProcess node = HubProcess.start("transport-fallback", transport("auto"),
        List.of("-Dio.netty.transport.noNative=true"))) {
      node.awaitReady(START);
      serves(node);
      List<String> lines = log(node);
      assertEquals(1, count(lines, "transport nio,"), String.join("\n", lines));
      assertEquals(1, count(lines, "http.transport auto " + FALLBACK), String.join("\n", lines));
    }
  }

  @Test
  void ioUringRunsWhereTheKernelAllowsItAndFallsBackWhereNot() throws IOException {
    try (HubProcess node = HubProcess.start("transport-io-uring", transport("io_uring"))) {
      node.awaitReady(START);
      serves(node);
      List<String> lines = log(node);
      // The same classes and kernel as this JVM: whether io_uring loads here decides what the node must report.
      boolean available = Transport.IO_URING.available();
      assertEquals(1, count(lines, available ? "transport io_uring," : "transport nio,"), String.join("\n", lines));
      assertEquals(available ? 0 : 1, count(lines, FALLBACK), String.join("\n", lines));
    }
  }

  @Test
  void anUnknownTransportIsAConfigErrorNamingTheKey() {
    HubProcess.Run run = HubProcess.run(Duration.ofSeconds(60), "--http.transport=kqueue2");
    assertEquals(2, run.exitCode(), String.join("\n", run.stderr()));
    assertTrue(String.join("\n", run.stderr()).contains("http.transport"), String.join("\n", run.stderr()));
  }
}
