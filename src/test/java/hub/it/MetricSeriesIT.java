package hub.it;

import hub.support.PrometheusText;
import hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing an unauthenticated client sends may grow the number of metric series (issue 10, item 1): every series
 * is a permanent cost in the hub's heap and in the operator's time-series store.
 */
class MetricSeriesIT {

  static TestHub hub;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    hub = TestHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void inventedHttpMethodsAndPathsDoNotGrowTheSeriesCount() throws Exception {
    // Warm up: the first few odd requests may create the bounded series that stand for all of them.
    for (int i = 0; i < 5; i++) {
      send("WARM" + i, "/warm/" + i);
      send("WARM" + i, "/api/warm-" + i);
    }
    hub.scrape(); // a scrape's own request is counted after its answer, so the next scrape is the baseline
    PrometheusText before = hub.scrape();
    for (int i = 0; i < 300; i++) {
      send("INVENTED" + i, i % 2 == 0 ? "/nowhere/" + i : "/api/made-up-" + i);
    }
    PrometheusText after = hub.scrape();
    int requests = after.count("vertx_http_server_requests_total");
    assertTrue(requests > 0, "the Vert.x HTTP server meters are published");
    assertEquals(before.count("vertx_http_server_requests_total"), requests,
        "series of vertx_http_server_requests_total after 300 invented methods");
    // JVM series may come and go with the garbage collector; the hub's and Vert.x's own must stay put.
    for (String family : new String[] {"vertx_", "hub_"}) {
      assertEquals(before.countStartingWith(family), after.countStartingWith(family),
          family + "* series in /metrics after 300 invented methods");
    }
  }

  private void send(String method, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
            .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() >= 400, method + " " + path + " answered " + r.statusCode());
  }
}
