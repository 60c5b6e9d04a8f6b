package hub.config;

import hub.support.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code auth}: HMAC keys too short to resist guessing are refused at start, naming the key; {@code requireExp}. */
class AuthConfigTest {

  private static JsonObject withKeys(JsonObject jwt) {
    JsonObject c = TestHub.config(new JsonObject());
    c.getJsonObject("auth").put("jwt", jwt);
    return c;
  }

  private static JsonObject hmac(String algorithm, String secret, String id) {
    JsonObject key = new JsonObject().put("algorithm", algorithm).put("buffer", secret);
    if (id != null) {
      key.put("id", id);
    }
    return key;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HS256", "HS384", "HS512"})
  void anHmacKeyUnder32BytesIsRefusedNamingItButNotQuotingIt(String algorithm) {
    String secret = "x".repeat(AuthConfig.MIN_HMAC_KEY_BYTES - 1);
    JsonObject jwt = new JsonObject().put("pubSecKeys", new JsonArray()
        .add(hmac("HS256", "y".repeat(40), "ok")).add(hmac(algorithm, secret, "k2")));
    ConfigException e = assertThrows(ConfigException.class, () -> HubConfig.fromJson(withKeys(jwt)));
    assertEquals("auth.jwt.pubSecKeys[1].buffer", e.path());
    assertTrue(e.getMessage().contains("at least 32 bytes; this one (id k2) has 31"), e.getMessage());
    assertFalse(e.getMessage().contains(secret), "the key itself is never printed");
  }

  @Test
  void thirtyTwoBytesAreEnoughAndLengthIsCountedInUtf8Bytes() {
    JsonObject jwt = new JsonObject().put("pubSecKeys", new JsonArray()
        .add(hmac("HS256", "z".repeat(32), null)).add(hmac("HS256", "é".repeat(16), null)));
    HubConfig.fromJson(withKeys(jwt)); // 32 ASCII bytes; 16 two-byte characters
    JsonObject short16 = new JsonObject().put("pubSecKeys", new JsonArray().add(hmac("HS256", "é".repeat(15), null)));
    assertEquals("auth.jwt.pubSecKeys[0].buffer",
        assertThrows(ConfigException.class, () -> HubConfig.fromJson(withKeys(short16))).path());
  }

  @Test
  void aShortSymmetricJwkIsRefusedToo() {
    String k = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    JsonObject jwt = new JsonObject().put("jwks", new JsonArray()
        .add(new JsonObject().put("kty", "oct").put("kid", "j1").put("alg", "HS256").put("k", k)));
    ConfigException e = assertThrows(ConfigException.class, () -> HubConfig.fromJson(withKeys(jwt)));
    assertEquals("auth.jwt.jwks[0].k", e.path());
    assertTrue(e.getMessage().contains("(id j1) has 16"), e.getMessage());
    jwt.getJsonArray("jwks").getJsonObject(0).put("k", "not base64url!");
    assertEquals("auth.jwt.jwks[0].k", assertThrows(ConfigException.class,
        () -> HubConfig.fromJson(withKeys(jwt))).path());
  }

  @Test
  void requireExpIsOnUnlessSwitchedOff() {
    assertTrue(HubConfig.fromJson(TestHub.config(new JsonObject())).auth().requireExp());
    assertFalse(HubConfig.fromJson(TestHub.config(new JsonObject()
        .put("auth", new JsonObject().put("requireExp", false)))).auth().requireExp());
    assertEquals("auth.requireExp", assertThrows(ConfigException.class, () -> HubConfig.fromJson(TestHub.config(
        new JsonObject().put("auth", new JsonObject().put("requireExp", "yes"))))).path());
  }
}
