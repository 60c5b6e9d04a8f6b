package hub.deploy;

import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files name things a running hub must have: the Kubernetes probes' and the image HEALTHCHECK's
 * paths answer 200, every path the compose front routes is served, and every metric the Grafana dashboard queries
 * is in {@code /metrics}.
 */
class DeploymentEndpointsIT {

  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("admin", new JsonObject().put("enabled", true)
        .put("password", "deployment-endpoints-password")));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void theProbesAndTheHealthcheckHitEndpointsThatAnswer() throws Exception {
    Set<String> paths = new TreeSet<>(KubernetesFilesTest.probePaths());
    Matcher m = Pattern.compile("GET (/\\S+) HTTP").matcher(Dockerfile.read(Path.of("Dockerfile")).last("HEALTHCHECK"));
    assertTrue(m.find(), "the HEALTHCHECK sends a GET");
    paths.add(m.group(1));
    assertEquals(Set.of("/ready", "/health"), paths);
    for (String path : paths) {
      assertEquals(200, hub.get(path).statusCode(), path);
    }
  }

  @Test
  void everyLocationTheFrontRoutesIsServed() throws Exception {
    Matcher m = Pattern.compile("location\\s+(?:=\\s+)?(/\\S*)\\s*\\{").matcher(Files.readString(Path.of("conf/compose/nginx.conf")));
    int seen = 0;
    while (m.find()) {
      String location = m.group(1);
      seen++;
      if (location.equals("/connection/websocket")) {
        try (WsClient c = WsClient.open(hub.port())) { // upgraded, or open throws
          assertTrue(!c.isClosed(), location);
        }
        continue;
      }
      String path = location.endsWith("/") ? location + (location.equals("/api/") ? "info" : "") : location;
      int status = path.startsWith("/api/") ? hub.post(path, "{}", TestHub.API_KEY).statusCode() : hub.get(path).statusCode();
      assertNotEquals(404, status, location);
    }
    assertTrue(seen >= 4, "locations found: " + seen);
  }

  @Test
  void everyMetricTheDashboardQueriesIsExposed() throws Exception {
    // Meters that appear with their first event: an API call, a session, a close.
    hub.apiResult("info", new JsonObject());
    try (WsClient c = WsClient.connected(hub.port(), "alice")) {
      c.subscribe("news");
    }
    Set<String> exposed = new TreeSet<>();
    for (String line : hub.get("/metrics").body().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        exposed.add(line.split("[{ ]", 2)[0]);
      }
    }
    Set<String> missing = new TreeSet<>(Dashboard.metricNames());
    missing.removeAll(exposed);
    assertTrue(missing.isEmpty(), "the dashboard queries metrics the hub does not expose: " + missing);
  }
}
