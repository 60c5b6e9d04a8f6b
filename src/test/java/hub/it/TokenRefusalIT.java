package hub.it;

import hub.auth.TokenCheck;
import hub.support.PrometheusText;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Refused connection tokens are counted by a bounded reason on a real node (issue 10, item 16): every reason exists
 * at zero from the start, tokens refused in connect and on the upgrade land under theirs, and hundreds of invented
 * tokens add no series.
 */
class TokenRefusalIT {

  @Test
  void refusedTokensAreCountedUnderABoundedReason() {
    try (TestHub hub = TestHub.start()) {
      Map<String, Double> start = hub.scrape().byLabel("hub_tokens_refused_total", "reason");
      Map<String, Double> zero = new TreeMap<>();
      TokenCheck.Reason.TAGS.forEach(t -> zero.put(t, 0.0));
      assertEquals(zero, new TreeMap<>(start), "every reason registered at zero");

      try (WsClient forged = WsClient.open(hub.port())) {
        forged.send("connect", new JsonObject().put("token", Tokens.forged("mallory")));
        assertEquals(3500, forged.awaitClosed().code());
      }
      try (WsClient noExp = WsClient.open(hub.port())) {
        noExp.send("connect", new JsonObject().put("token", Tokens.withClaims(new JsonObject().put("sub", "bob"))));
        assertEquals(3500, noExp.awaitClosed().code(), "auth.requireExp is on by default");
      }
      WsClient.Rejected upgrade = assertThrows(WsClient.Rejected.class, () -> WsClient.open(hub.port(),
          "/connection/websocket?token=" + Tokens.forged("eve"), Map.of(), true, 0));
      assertEquals(401, upgrade.status);
      Random random = new Random(16);
      for (int i = 0; i < 300; i++) {
        byte[] junk = new byte[12];
        random.nextBytes(junk);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(junk) + ".x." + i;
        assertThrows(WsClient.Rejected.class, () -> WsClient.open(hub.port(), "/connection/websocket?token=" + token,
            Map.of(), false, 0));
      }
      PrometheusText after = hub.scrape();
      Map<String, Double> counted = after.byLabel("hub_tokens_refused_total", "reason");
      assertEquals(TokenCheck.Reason.TAGS.size(), counted.size(), "no new series: " + counted);
      assertEquals(2.0, counted.get("signature"), counted::toString);
      assertEquals(1.0, counted.get("no_exp"), counted::toString);
      assertEquals(300.0, counted.get("malformed"), counted::toString);
      hub.assertIdle();
    }
  }
}
