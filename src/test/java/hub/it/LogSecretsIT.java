package hub.it;

import hub.support.Await;
import hub.support.HubProcess;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, logging JSON with every logger at its most verbose, is used with a connection token (in the
 * upgrade URL and in the connect command), an API key (right and wrong), the admin password (right and wrong), an
 * admin token and its JWT secret; its captured output
 * holds none of them, while it does hold the lifecycle, the refusals and the start and stop, one JSON object a line.
 */
class LogSecretsIT {

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String JWT_SECRET = "jwt-secret-3f9a1c07e2b84d56a0c1-never-logged";
  static final String API_KEY = "api-key-5be0d9a24c7f-never-logged";
  static final String WRONG_API_KEY = "wrong-api-key-77e1b0c3-never-logged";
  static final String ADMIN_PASSWORD = "admin-password-c41d9e-never-logged";
  static final String WRONG_ADMIN_PASSWORD = "wrong-admin-password-0b7f-never-logged";

  @Test
  void noCredentialReachesTheLogAtAnyLevel() throws Exception {
    JsonObject overrides = new JsonObject()
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", JWT_SECRET)))))
        .put("api", new JsonObject().put("keys", new JsonArray().add(API_KEY)))
        .put("admin", new JsonObject().put("enabled", true).put("password", ADMIN_PASSWORD))
        .put("log", new JsonObject().put("format", "json").put("level", new JsonObject().put("root", "ALL")));
    String token = Tokens.sign(new JsonObject().put("sub", "alice").put("exp", Tokens.nowSeconds() + 600), JWT_SECRET);
    String forged = Tokens.forged("mallory");
    List<String> secrets = new ArrayList<>(List.of(JWT_SECRET, API_KEY, WRONG_API_KEY, token, forged,
        token.substring(token.lastIndexOf('.') + 1), ADMIN_PASSWORD, WRONG_ADMIN_PASSWORD));
    HubProcess hub = HubProcess.start("log-secrets", overrides);
    try {
      hub.awaitReady(TIMEOUT);
      WsClient upgraded = WsClient.open(hub.port(), "/connection/websocket?token=" + token, Map.of(), true, 0);
      upgraded.call("connect", new JsonObject());
      WsClient inBand = WsClient.open(hub.port());
      inBand.connect(token);
      assertThrows(RuntimeException.class,
          () -> WsClient.open(hub.port(), "/connection/websocket?token=" + forged, Map.of(), true, 0));
      assertEquals(200, api(hub, API_KEY, "publish", new JsonObject().put("channel", "news").put("data", 1)));
      assertEquals(401, api(hub, WRONG_API_KEY, "publish?api_key=" + WRONG_API_KEY, new JsonObject().put("channel", "news").put("data", 1)));
      assertEquals(401, login(hub, WRONG_ADMIN_PASSWORD).statusCode());
      HttpResponse<String> admin = login(hub, ADMIN_PASSWORD);
      assertEquals(200, admin.statusCode());
      String adminToken = new JsonObject(admin.body()).getString("token");
      secrets.add(adminToken);
      secrets.add(adminToken.substring(adminToken.indexOf('.') + 1));
      assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + hub.port() + "/api/info")).header("Authorization", "Bearer " + adminToken)
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      assertEquals(200, api(hub, API_KEY, "disconnect", new JsonObject().put("user", "alice")));
      upgraded.awaitEnd(TIMEOUT);
      inBand.awaitEnd(TIMEOUT);
      assertEquals(0, hub.terminate(TIMEOUT));
    } finally {
      hub.close();
    }
    List<String> lines = Files.readAllLines(hub.log());
    for (String secret : secrets) {
      for (String line : lines) {
        assertFalse(line.contains(secret), () -> "a credential in the log: " + line);
      }
    }
    List<JsonObject> records = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("realtime-hub ")) { // the one start-up line on stdout, for people
        records.add(new JsonObject(line));
      }
    }
    assertTrue(records.stream().anyMatch(r -> r.getString("logger").startsWith("io.netty")
        || r.getString("logger").startsWith("io.vertx")), "library logs go through the same handler");
    assertTrue(records.stream().allMatch(r -> "log-secrets".equals(r.getString("node"))));
    assertTrue(has(records, "started", "INFO"), "start at INFO");
    assertTrue(has(records, "stopped", "INFO"), "stop at INFO");
    assertTrue(records.stream().anyMatch(r -> r.getString("msg").equals("session connected")
        && r.getString("level").equals("DEBUG") && "alice".equals(r.getString("user")) && r.containsKey("client")));
    assertTrue(records.stream().anyMatch(r -> r.getString("msg").equals("upgrade refused")
        && r.getString("level").equals("INFO") && Integer.valueOf(401).equals(r.getInteger("code"))
        && "token_invalid".equals(r.getString("reason"))));
    assertTrue(records.stream().anyMatch(r -> r.getString("msg").equals("admin login refused")
        && r.getString("level").equals("INFO") && "password".equals(r.getString("reason"))));
    assertTrue(records.stream().anyMatch(r -> r.getString("msg").equals("api call refused")
        && r.getString("level").equals("INFO") && "api_key".equals(r.getString("reason"))));
    assertTrue(records.stream().anyMatch(r -> r.getString("msg").equals("session closed")
        && "alice".equals(r.getString("user")) && "force_disconnect".equals(r.getString("reason"))));
  }

  private static HttpResponse<String> login(HubProcess hub, String password) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.port() + "/admin/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("password", password).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean has(List<JsonObject> records, String msg, String level) {
    return records.stream().anyMatch(r -> msg.equals(r.getString("msg")) && level.equals(r.getString("level")));
  }

  private static int api(HubProcess hub, String key, String method, JsonObject body) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.port() + "/api/" + method))
        .timeout(Duration.ofSeconds(10)).header("X-API-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }
}
