package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page is served from the jar only when admin is enabled, carries no secret and no inline script, and is
 * locked to its own origin by its headers; the figures it charts (message and close totals) are in {@code info}.
 * The page's behaviour in a browser is tested under browser/ (run by mvn verify).
 */
class AdminPageIT {

  static TestHub hub;
  static TestHub disabled;

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("admin", new JsonObject().put("enabled", true)
        .put("password", AdminLoginIT.PASSWORD)));
    disabled = TestHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
    disabled.close();
  }

  @Test
  void thePageAndItsFilesAreServedWithAPolicyThatForbidsOtherOriginsAndInlineScript() {
    HttpResponse<String> page = hub.get("/admin/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
        && csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    for (String file : List.of("/admin/admin.js", "/admin/admin.css")) {
      HttpResponse<String> r = hub.get(file);
      assertEquals(200, r.statusCode(), file);
      assertFalse(r.body().isBlank(), file);
    }
    assertEquals(302, hub.get("/admin").statusCode(), "/admin sends the browser to /admin/");
    assertEquals(404, hub.get("/admin/../conf/hub.json").statusCode());
    assertEquals(404, hub.get("/admin/missing.js").statusCode());
  }

  @Test
  void thePageHoldsNoSecretAndNoInlineScriptOrStyle() {
    StringBuilder all = new StringBuilder();
    for (String file : List.of("/admin/", "/admin/admin.js", "/admin/admin.css")) {
      all.append(hub.get(file).body());
    }
    String text = all.toString();
    assertFalse(text.contains(AdminLoginIT.PASSWORD));
    assertFalse(text.contains(TestHub.API_KEY));
    assertFalse(text.contains("X-API-Key"), "the page never uses an API key");
    String html = hub.get("/admin/").body();
    // Every <script> has a src and nothing else; no style or on* attribute that the policy would have to allow.
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)", Pattern.CASE_INSENSITIVE).matcher(html).find());
    assertFalse(Pattern.compile("\\s(style|on[a-z]+)=", Pattern.CASE_INSENSITIVE).matcher(html).find());
    assertFalse(text.contains("innerHTML"), "client input (channel names, users) is written as text only");
  }

  @Test
  void withAdminDisabledThereIsNoPage() {
    assertEquals(404, disabled.get("/admin/").statusCode());
    assertEquals(404, disabled.get("/admin/admin.js").statusCode());
  }

  @Test
  void infoReportsTheTotalsThePageChartsAndTheClusterMembers() {
    JsonObject before = node();
    assertEquals(1, before.getInteger("num_members"));
    long in = before.getJsonObject("activity").getLong("messages_in");
    try (WsClient c = WsClient.connected(hub.port(), "alice")) {
      c.subscribe("news");
      c.closeCleanly();
      c.awaitClosed();
    }
    Await.equal("a close counted by reason", true, () -> closes(node()) >= 1);
    JsonObject activity = node().getJsonObject("activity");
    assertTrue(activity.getLong("messages_in") >= in + 2, "connect and subscribe: " + activity);
    assertTrue(activity.getLong("messages_out") >= 2, activity.encode());
    assertTrue(activity.getLong("sessions_opened") >= 1, activity.encode());
  }

  private static long closes(JsonObject node) {
    return node.getJsonObject("activity").getJsonObject("sessions_closed").stream()
        .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }

  private static JsonObject node() {
    return hub.apiResult("info", new JsonObject()).getJsonObject("result").getJsonArray("nodes").getJsonObject(0);
  }
}
