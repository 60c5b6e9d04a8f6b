package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shipped or placeholder credentials keep the node on loopback (issue 10, item 4): the packed development config
 * starts on 127.0.0.1 with one line, and asking it for another address is refused naming the key.
 */
class DevelopmentCredentialsTest {

  private static JsonObject shipped(Map<String, String> overrides) {
    return ConfigLoader.loadJson(Path.of("conf/hub.json"), overrides);
  }

  @Test
  void theShippedConfigListensOnLoopbackAndSaysSo() {
    JsonObject json = shipped(Map.of());
    String notice = DevelopmentCredentials.confine(json);
    assertEquals("realtime-hub: auth.jwt.pubSecKeys[0].buffer is a shipped or placeholder value: "
        + "listening on loopback only", notice);
    assertEquals("127.0.0.1", HubConfig.fromJson(json).http().host());
  }

  @Test
  void askingTheShippedConfigForAnyOtherAddressIsRefusedNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> DevelopmentCredentials.confine(shipped(Map.of("http.host", "0.0.0.0"))));
    assertEquals("auth.jwt.pubSecKeys[0].buffer", e.path());
    assertTrue(e.getMessage().contains("0.0.0.0"), e.getMessage());
  }

  @Test
  void aPlaceholderApiKeyAloneIsEnough() {
    JsonObject json = shipped(Map.of("auth.jwt.pubSecKeys",
        "[{\"algorithm\":\"HS256\",\"buffer\":\"an-operator-chosen-secret-of-enough-length\"}]",
        "http.host", "10.0.0.5"));
    ConfigException e = assertThrows(ConfigException.class, () -> DevelopmentCredentials.confine(json));
    assertEquals("api.keys[0]", e.path());
  }

  @Test
  void theDeploymentSketchesPlaceholdersAreRefusedOnTheirPublicAddress() {
    ConfigException e = assertThrows(ConfigException.class, () -> DevelopmentCredentials.confine(
        ConfigLoader.loadJson(Path.of("conf/compose/hub1.json"), Map.of())));
    assertEquals("auth.jwt.pubSecKeys[0].buffer", e.path());
  }

  @Test
  void explicitLoopbackIsAllowedAndOwnCredentialsListenAnywhere() {
    assertTrue(DevelopmentCredentials.confine(shipped(Map.of("http.host", "127.0.0.1"))) != null);
    assertTrue(DevelopmentCredentials.confine(shipped(Map.of("http.host", "::1"))) != null);
    JsonObject own = new JsonObject()
        .put("http", new JsonObject().put("host", "0.0.0.0"))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", "kV9r2yQx7LmN4pT8wZ1cB6dF3hJ5sA0e")))))
        .put("api", new JsonObject().put("keys", new JsonArray().add("q8Zt3mW6nR1yU4vX")));
    assertNull(DevelopmentCredentials.confine(own));
    assertEquals("0.0.0.0", own.getJsonObject("http").getString("host"));
  }
}
