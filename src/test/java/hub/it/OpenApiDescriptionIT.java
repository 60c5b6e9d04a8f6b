package hub.it;

import hub.support.StreamClient;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/openapi.yaml against a running hub: every route the hub serves is described and nothing described is
 * missing from it; every example request is accepted (API methods answer a result, not an error; the streams open
 * with a connect reply; the pages answer their documented status). Examples use {@code {{token}}} for a connection
 * JWT and {@code {{session}}}/{@code {{node}}} for a live HTTP-streaming session.
 */
class OpenApiDescriptionIT {

  static final Path FILE = Path.of("docs/openapi.yaml");
  /** The admin password the description's login example uses: the shipped development one. */
  static final String SHIPPED_ADMIN_PASSWORD = "DEVELOPMENT-ONLY-admin-password-change-me";
  static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "delete", "patch", "options", "head");

  static TestHub hub;
  static Map<String, Object> paths;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start() throws Exception {
    try (Reader r = Files.newBufferedReader(FILE)) {
      Map<String, Object> doc = new Yaml().load(r);
      assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."), "an OpenAPI 3 document");
      paths = (Map<String, Object>) doc.get("paths");
    }
    hub = TestHub.start(new JsonObject()
        .put("admin", new JsonObject().put("enabled", true).put("password", SHIPPED_ADMIN_PASSWORD))
        .put("channels", new JsonObject().put("namespaces", new JsonObject().put("chat", new JsonObject()
            .put("allowPublish", true).put("presence", true).put("historySize", 10).put("historyTtlMs", 60_000)))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  /** "METHOD /path" for every operation of the description. */
  private static Set<String> described() {
    Set<String> out = new TreeSet<>();
    paths.forEach((path, item) -> map(item).keySet().stream().filter(HTTP_METHODS::contains)
        .forEach(m -> out.add(m.toUpperCase() + " " + path)));
    return out;
  }

  /** What the hub serves, in the description's terms: the API route per method, the page's files as {file}. */
  private static Set<String> served() {
    Set<String> out = new TreeSet<>();
    out.add("GET /connection/websocket"); // the upgrade is the HTTP server's handshake handler, not a route
    for (String route : hub.node().httpRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (path.equals("/api/:method")) {
        hub.node().apiMethods().forEach(m -> out.add(method + " /api/" + m));
      } else if (path.equals("/admin/") && route.startsWith("GET")) {
        out.add("GET /admin/"); // the prefix route /admin/* serves the page and its files
        out.add("GET /admin/{file}");
      } else {
        out.add(route);
      }
    }
    return out;
  }

  @Test
  void everyServedRouteIsDescribedAndEveryDescribedOneIsServed() {
    Set<String> served = served();
    Set<String> described = described();
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(described);
    assertTrue(undocumented.isEmpty(), "served but not in " + FILE + ": " + undocumented + " (served: " + served + ")");
    Set<String> phantom = new TreeSet<>(described);
    phantom.removeAll(served);
    assertTrue(phantom.isEmpty(), "described but not served: " + phantom);
    assertTrue(described.containsAll(Set.of("POST /api/history", "POST /api/history_remove")));
  }

  /** Every example value of an operation: request bodies and parameters, keyed by name. */
  private static Map<String, Object> examples(Map<String, Object> operation) {
    Map<String, Object> out = new java.util.TreeMap<>();
    Map<String, Object> json = map(map(map(operation.get("requestBody")).get("content")).get("application/json"));
    map(json.get("examples")).forEach((name, ex) -> out.put("body " + name, map(ex).get("value")));
    for (Object p : operation.get("parameters") == null ? List.of() : (List<?>) operation.get("parameters")) {
      Map<String, Object> param = map(p);
      map(param.get("examples")).forEach((name, ex) -> out.put(param.get("in") + " " + param.get("name") + " " + name,
          map(ex).get("value")));
    }
    return out;
  }

  @Test
  void everyExampleRequestIsAcceptedByTheHub() throws Exception {
    List<String> checked = new ArrayList<>();
    try (StreamClient live = StreamClient.connected(hub.node().vertx(), hub.port(), StreamClient.HTTP_STREAM, "bob")) {
      for (String op : described()) {
        String method = op.substring(0, op.indexOf(' '));
        String path = op.substring(op.indexOf(' ') + 1);
        Map<String, Object> operation = map(map(paths.get(path)).get(method.toLowerCase()));
        Map<String, Object> examples = examples(operation);
        for (Map.Entry<String, Object> ex : examples.entrySet()) {
          String value = (ex.getValue() instanceof String s ? s : Json.encode(ex.getValue()))
              .replace("{{token}}", Tokens.forUser("alice"))
              .replace("{{session}}", live.session()).replace("{{node}}", live.node());
          accept(method, path, ex.getKey(), value);
          checked.add(op + " " + ex.getKey());
        }
        if (examples.isEmpty()) {
          acceptWithoutExample(method, path, operation);
          checked.add(op);
        }
      }
    }
    assertTrue(checked.size() > described().size(), "examples checked: " + checked);
  }

  private void accept(String method, String path, String example, String value) throws Exception {
    String what = method + " " + path + " (" + example + ")";
    if (path.startsWith("/api/")) {
      HttpResponse<String> r = hub.post(path, value, TestHub.API_KEY);
      assertEquals(200, r.statusCode(), what);
      JsonObject answer = new JsonObject(r.body());
      assertFalse(answer.containsKey("error"), what + " answered " + answer);
      JsonArray replies = answer.getJsonArray("replies", new JsonArray());
      replies.forEach(reply -> assertFalse(((JsonObject) reply).containsKey("error"), what + " answered " + answer));
    } else if (path.equals("/admin/login")) {
      HttpResponse<String> r = hub.post(path, value, Map.of("Content-Type", "application/json"));
      assertEquals(200, r.statusCode(), what);
      assertTrue(new JsonObject(r.body()).containsKey("token"), what);
    } else if (path.equals("/admin/{file}")) {
      assertEquals(200, hub.get("/admin/" + value).statusCode(), what);
    } else if (path.equals("/emulation")) {
      assertEquals(204, hub.post(path, value, Map.of("Content-Type", "application/json")).statusCode(), what);
    } else if (path.startsWith("/connection/")) {
      HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
      if (method.equals("GET")) {
        b.uri(URI.create(base() + path + "?cf_connect=" + URLEncoder.encode(value, StandardCharsets.UTF_8))).GET();
      } else {
        b.uri(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofString(value));
      }
      HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, r.statusCode(), what);
      try (Stream<String> lines = r.body()) {
        String first = lines.map(l -> l.startsWith("data: ") ? l.substring(6) : l).filter(l -> !l.isBlank())
            .findFirst().orElseThrow();
        assertTrue(new JsonObject(first).containsKey("connect"), what + " answered " + first);
      }
    } else {
      throw new AssertionError("no way to check the example of " + what + ": extend this test");
    }
  }

  /** The first documented success status, for operations that take no input. */
  private void acceptWithoutExample(String method, String path, Map<String, Object> operation) {
    String expected = map(operation.get("responses")).keySet().stream().filter(s -> s.matches("[123]\\d\\d"))
        .findFirst().orElseThrow(() -> new AssertionError(method + " " + path + " documents no success"));
    int status;
    if (path.equals("/connection/websocket")) {
      try (WsClient c = WsClient.open(hub.port(), path + "?token=" + Tokens.forUser("alice"), Map.of(), true, 0)) {
        status = 101; // open throws when the upgrade is refused
      }
    } else if (method.equals("OPTIONS")) {
      status = hub.request("OPTIONS", path, Map.of("Origin", "https://app.example.com",
          "Access-Control-Request-Method", "POST")).statusCode();
    } else if (method.equals("GET")) {
      status = hub.get(path).statusCode();
    } else {
      throw new AssertionError(method + " " + path + " needs an example request");
    }
    assertEquals(Integer.parseInt(expected), status, method + " " + path);
  }

  private static String base() {
    return "http://127.0.0.1:" + hub.port();
  }
}
