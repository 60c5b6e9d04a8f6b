package hub.it;

import hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin password buys a short-lived token, and that token (not an API key) opens the server API, from the
 * hub's own origin only. Bad input: no token, a forged or expired token, a wrong password, another origin, a
 * form-encoded login.
 */
class AdminLoginIT {

  static final String PASSWORD = "admin-password-for-tests";
  static TestHub hub;
  static TestHub disabled;

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("admin", new JsonObject().put("enabled", true).put("password", PASSWORD)));
    disabled = TestHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
    disabled.close();
  }

  private static String self() {
    return "http://127.0.0.1:" + hub.port();
  }

  private static HttpResponse<String> login(TestHub h, String password, String origin, String type) {
    Map<String, String> headers = origin == null ? Map.of("Content-Type", type)
        : Map.of("Content-Type", type, "Origin", origin);
    return h.post("/admin/login", new JsonObject().put("password", password).encode(), headers);
  }

  private static HttpResponse<String> info(String authorization, String origin) {
    Map<String, String> headers = origin == null ? Map.of("Authorization", authorization)
        : Map.of("Authorization", authorization, "Origin", origin);
    return hub.post("/api/info", "{}", headers);
  }

  @Test
  void thePasswordBuysATokenThatOpensTheServerApi() {
    HttpResponse<String> r = login(hub, PASSWORD, self(), "application/json");
    assertEquals(200, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    assertEquals(900_000L, body.getLong("expiresInMs"));
    HttpResponse<String> answer = info("Bearer " + body.getString("token"), self());
    assertEquals(200, answer.statusCode());
    assertTrue(new JsonObject(answer.body()).getJsonObject("result").getJsonArray("nodes").size() >= 1);
  }

  @Test
  void aWrongOrMissingPasswordIsRefused() {
    assertEquals(401, login(hub, "admin-password-for-test", self(), "application/json").statusCode());
    assertEquals(401, login(hub, "", self(), "application/json").statusCode());
    assertEquals(401, hub.post("/admin/login", "{}", Map.of("Content-Type", "application/json")).statusCode());
    assertEquals(401, hub.post("/admin/login", "not json", Map.of("Content-Type", "application/json")).statusCode());
  }

  @Test
  void anotherOriginOrAFormPostCannotLogIn() {
    assertEquals(403, login(hub, PASSWORD, "https://evil.example", "application/json").statusCode());
    assertEquals(403, login(hub, PASSWORD, "http://127.0.0.1:1", "application/json").statusCode());
    assertEquals(415, login(hub, PASSWORD, self(), "application/x-www-form-urlencoded").statusCode());
    assertEquals(415, login(hub, PASSWORD, self(), "text/plain").statusCode());
  }

  @Test
  void theServerApiRefusesNoTokenAForgedOneAndAnotherOrigin() {
    String token = new JsonObject(login(hub, PASSWORD, null, "application/json").body()).getString("token");
    assertEquals(401, hub.post("/api/info", "{}", Map.of()).statusCode());
    assertEquals(401, info("Bearer " + token, "https://evil.example").statusCode());
    assertEquals(401, info("Bearer 99999999999999." + token.substring(token.indexOf('.') + 1), self()).statusCode());
    assertEquals(401, info("Bearer 1000.abc", self()).statusCode(), "expired long ago and unsigned");
    assertEquals(401, info("Bearer ", self()).statusCode());
  }

  @Test
  void withAdminDisabledThereIsNoLoginAndNoTokenIsAccepted() {
    assertEquals(404, login(disabled, PASSWORD, null, "application/json").statusCode());
    String token = new JsonObject(login(hub, PASSWORD, null, "application/json").body()).getString("token");
    assertEquals(401, disabled.post("/api/info", "{}", Map.of("Authorization", "Bearer " + token)).statusCode());
  }
}
