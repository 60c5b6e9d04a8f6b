package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static hub.support.WsClient.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refusals happen on the HTTP request, with a status, before any WebSocket exists: no session is ever opened for
 * them, and each is counted by reason.
 */
class HandshakeIT {

  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  private static int refusedStatus(String pathAndQuery, Map<String, String> headers) {
    double openedBefore = hub.opened();
    WsClient.Rejected r = assertThrows(WsClient.Rejected.class,
        () -> WsClient.open(hub.port(), pathAndQuery, headers, true, 0));
    assertEquals(openedBefore, hub.opened(), "a refused upgrade must not open a session");
    return r.status;
  }

  @Test
  void refusesForgedBearerTokenWith401() {
    double before = hub.rejected("token_invalid");
    assertEquals(401, refusedStatus("/connection/websocket",
        headers("Authorization", "Bearer " + Tokens.forged("mallory"))));
    assertEquals(before + 1, hub.rejected("token_invalid"));
  }

  @Test
  void refusesUnsignedTokenInQueryWith401() {
    assertEquals(401, refusedStatus("/connection/websocket?token=" + Tokens.unsigned("mallory"), Map.of()));
  }

  @Test
  void refusesGarbageTokenWith401() {
    assertEquals(401, refusedStatus("/connection/websocket?token=not.a.jwt", Map.of()));
  }

  @Test
  void refusesExpiredBearerTokenWith401() {
    double before = hub.rejected("token_expired");
    assertEquals(401, refusedStatus("/connection/websocket",
        headers("Authorization", "Bearer " + Tokens.expired("alice"))));
    assertEquals(before + 1, hub.rejected("token_expired"));
  }

  @Test
  void refusesForeignOriginWith403() {
    double before = hub.rejected("origin");
    assertEquals(403, refusedStatus("/connection/websocket", headers("Origin", "https://evil.example.org")));
    assertEquals(before + 1, hub.rejected("origin"));
  }

  @Test
  void acceptsConfiguredOriginAndRequestsWithoutOrigin() {
    try (WsClient withOrigin = WsClient.open(hub.port(), "/connection/websocket",
        headers("Origin", "https://app.example.com"), true, 0);
         WsClient without = WsClient.open(hub.port())) {
      assertTrue(withOrigin.connect(Tokens.forUser("a")).containsKey("connect"));
      assertTrue(without.connect(Tokens.forUser("b")).containsKey("connect"));
    }
    hub.assertIdle();
  }

  @Test
  void refusesClientsOfferingOnlyUnknownSubprotocolsWith400() {
    double before = hub.rejected("format");
    assertEquals(400, refusedStatus("/connection/websocket", headers("Sec-WebSocket-Protocol", "mqtt, stomp")));
    assertEquals(400, refusedStatus("/connection/websocket?format=protobuf",
        headers("Sec-WebSocket-Protocol", "centrifuge-msgpack")));
    assertEquals(before + 2, hub.rejected("format"));
  }

  @Test
  void refusesOtherPathsWith404() {
    assertEquals(404, refusedStatus("/somewhere/else", Map.of()));
  }

  @Test
  void validBearerTokenAuthenticatesTheConnectWithoutToken() {
    try (WsClient c = WsClient.open(hub.port(), "/connection/websocket",
        headers("Authorization", "Bearer " + Tokens.forUser("carol")), true, 0)) {
      JsonObject reply = c.call("connect", new JsonObject());
      assertTrue(reply.containsKey("connect"), reply.encode());
    }
    hub.assertIdle();
  }

  @Test
  void upgradeCredentialThatExpiresBeforeConnectGetsError109ThenAFreshTokenConnects() {
    try (TestHub patient = TestHub.start(new JsonObject().put("client", new JsonObject().put("connectTimeoutMs", 10_000)))) {
      long expSeconds = System.currentTimeMillis() / 1000 + 2;
      String token = Tokens.withClaims(new JsonObject().put("sub", "dave").put("exp", expSeconds));
      try (WsClient c = WsClient.open(patient.port(), "/connection/websocket",
          headers("Authorization", "Bearer " + token), true, 0)) {
        Await.until("the upgrade credential has expired", Duration.ofSeconds(5),
            () -> System.currentTimeMillis() > expSeconds * 1000 + 50);
        JsonObject reply = c.call("connect", new JsonObject());
        assertEquals(109, reply.getJsonObject("error").getInteger("code"), reply.encode());
        assertTrue(c.connect(Tokens.forUser("dave")).containsKey("connect"));
      }
      patient.assertIdle();
    }
  }

  @Test
  void refusesUpgradesOverTheConnectionLimitWith503() {
    try (TestHub small = TestHub.start(new JsonObject().put("client", new JsonObject().put("maxConnections", 2)))) {
      try (WsClient a = WsClient.connected(small.port(), "a"); WsClient b = WsClient.open(small.port())) {
        // The client sees 101 before the hub has adopted the socket; count from after b's session exists.
        Await.equal("both sessions opened", 2.0, small::opened);
        double openedBefore = small.opened();
        WsClient.Rejected r = assertThrows(WsClient.Rejected.class, () -> WsClient.open(small.port()));
        assertEquals(503, r.status);
        assertEquals(openedBefore, small.opened());
        assertEquals(1.0, small.rejected("limit"));
      }
      small.assertIdle();
      // the slots come back once the sockets are gone
      Await.until("a slot frees up", () -> {
        try (WsClient c = WsClient.open(small.port())) {
          return true;
        } catch (WsClient.Rejected e) {
          return false;
        }
      });
    }
  }
}
