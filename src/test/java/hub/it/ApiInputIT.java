package hub.it;

import hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every field of every server API method, given values of every JSON type it should not have (issue 10, items 17 and
 * "go beyond"): each call is answered with a result or a request error (107 and friends), never error 100, and no
 * warning is logged. Values that a lenient reader would have converted (a close code past 2^32 that wraps into
 * 3000-4999, a fractional code, a number in the whitelist) are refused rather than read as something else.
 */
class ApiInputIT {

  /** A valid body per method, into which one field at a time is replaced (raw JSON, so huge numbers stay huge). */
  static final Map<String, String> BASE = Map.ofEntries(
      Map.entry("publish", "{\"channel\":\"chat:a\",\"data\":{},\"tags\":{\"k\":\"v\"},\"idempotency_key\":\"k1\"}"),
      Map.entry("broadcast", "{\"channels\":[\"chat:a\",\"chat:b\"],\"data\":{}}"),
      Map.entry("disconnect", "{\"user\":\"nobody\",\"client\":\"c\",\"whitelist\":[\"w\"],"
          + "\"disconnect\":{\"code\":4000,\"reason\":\"bye\"}}"),
      Map.entry("presence", "{\"channel\":\"room:1\"}"),
      Map.entry("presence_stats", "{\"channel\":\"room:1\"}"),
      Map.entry("history", "{\"channel\":\"stream:1\",\"limit\":5,\"since\":{\"offset\":0,\"epoch\":\"\"},\"reverse\":false}"),
      Map.entry("history_remove", "{\"channel\":\"stream:1\"}"),
      Map.entry("channels", "{\"pattern\":\"chat:*\"}"),
      Map.entry("info", "{}"),
      Map.entry("batch", "{\"commands\":[{\"publish\":{\"channel\":\"chat:a\",\"data\":1}}],\"parallel\":false}"));

  static final Map<String, List<String>> FIELDS = Map.ofEntries(
      Map.entry("publish", List.of("channel", "data", "b64data", "tags", "idempotency_key")),
      Map.entry("broadcast", List.of("channels", "data", "tags")),
      Map.entry("disconnect", List.of("user", "client", "whitelist", "disconnect")),
      Map.entry("presence", List.of("channel")),
      Map.entry("presence_stats", List.of("channel")),
      Map.entry("history", List.of("channel", "limit", "since", "reverse")),
      Map.entry("history_remove", List.of("channel")),
      Map.entry("channels", List.of("pattern")),
      Map.entry("info", List.of("x")),
      Map.entry("batch", List.of("commands", "parallel")));

  static final List<String> WRONG = List.of("\"x\"", "\"\"", "7", "-1", "1.5", "1e300",
      "123456789012345678901234567890", "true", "{}", "{\"a\":[1]}", "[]", "[1,\"2\"]", "null");

  /** Codes that say the request was wrong (or named something that is not there), not that the hub failed. */
  static final Set<Integer> REQUEST_ERRORS = Set.of(102, 104, 106, 107, 108, 112);

  @Test
  void everyFieldOfTheWrongTypeIsARequestErrorNeverAnInternalOne() {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler capture = warningsInto(warnings);
    Logger.getLogger("").addHandler(capture);
    List<String> failures = new ArrayList<>();
    int calls = 0;
    try (TestHub hub = TestHub.start(new JsonObject().put("channels", new JsonObject().put("namespaces",
        new JsonObject().put("room", new JsonObject().put("presence", true))
            .put("stream", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000)))))) {
      for (Map.Entry<String, List<String>> m : FIELDS.entrySet()) {
        for (String field : m.getValue()) {
          for (String value : WRONG) {
            String body = withField(BASE.get(m.getKey()), field, value);
            calls++;
            String problem = check(hub.post("/api/" + m.getKey(), body, TestHub.API_KEY));
            if (problem != null) {
              failures.add(m.getKey() + " " + body + ": " + problem);
            }
          }
        }
      }
      for (String code : List.of("4294970297", "3000.5", "\"4000\"", "2999", "5000", "-4000")) {
        String body = "{\"user\":\"nobody\",\"disconnect\":{\"code\":" + code + "}}";
        calls++;
        int answer = errorCode(hub.post("/api/disconnect", body, TestHub.API_KEY));
        if (answer != 107) {
          failures.add("disconnect code " + code + " answered " + answer + ", not 107");
        }
      }
      for (String body : List.of("{\"user\":\"nobody\",\"disconnect\":{\"code\":4000,\"reason\":5}}",
          "{\"user\":\"nobody\",\"whitelist\":[5]}")) {
        calls++;
        if (errorCode(hub.post("/api/disconnect", body, TestHub.API_KEY)) != 107) {
          failures.add(body + " was not refused with 107");
        }
      }
      hub.assertIdle();
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
    System.out.println("api input: " + calls + " calls");
    assertEquals(List.of(), failures);
    assertEquals(List.of(), warnings, "no warning for bad API input");
  }

  private static String check(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return "HTTP " + response.statusCode();
    }
    JsonObject body = new JsonObject(response.body());
    JsonObject error = body.getJsonObject("error");
    if (error != null && !REQUEST_ERRORS.contains(error.getInteger("code"))) {
      return "error " + error.encode();
    }
    return null;
  }

  private static int errorCode(HttpResponse<String> response) {
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    return error == null ? 0 : error.getInteger("code");
  }

  /** The base body with {@code field} set to the raw JSON {@code value} (replacing it, or added). */
  static String withField(String base, String field, String value) {
    JsonObject o = new JsonObject(base);
    o.remove(field);
    String rest = o.encode();
    return rest.length() == 2 ? "{\"" + field + "\":" + value + "}"
        : rest.substring(0, rest.length() - 1) + ",\"" + field + "\":" + value + "}";
  }

  private static Handler warningsInto(List<String> warnings) {
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue() && (r.getLoggerName() == null
            || !r.getLoggerName().endsWith("BlockedThreadChecker"))) {
          warnings.add(r.getLoggerName() + ": " + r.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
  }
}
