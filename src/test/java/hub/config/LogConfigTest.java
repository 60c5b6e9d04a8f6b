package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code log.format} and {@code log.level}: text by default, and a typo is named like any other. */
class LogConfigTest {

  private static HubConfig load(JsonObject log) {
    return HubConfig.fromJson(new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
            .put("pubSecKeys", new JsonArray().add(new JsonObject().put("algorithm", "HS256").put("buffer", "log-config-test-hmac-secret-32-bytes")))))
        .put("log", log));
  }

  @Test
  void textAtInfoByDefault() {
    LogConfig c = load(new JsonObject()).log();
    assertFalse(c.json());
    assertTrue(c.levels().isEmpty());
  }

  @Test
  void levelsPerLoggerWithRootAsTheEmptyName() {
    LogConfig c = load(new JsonObject().put("format", "json")
        .put("level", new JsonObject().put("root", "WARN").put("hub.session", "DEBUG"))).log();
    assertTrue(c.json());
    assertEquals(Map.of("", "WARN", "hub.session", "DEBUG"), c.levels());
  }

  @Test
  void refusesAnUnknownFormatOrLevelNamingTheKey() {
    assertEquals("log.format",
        assertThrows(ConfigException.class, () -> load(new JsonObject().put("format", "xml"))).path());
    assertEquals("log.level.hub.session", assertThrows(ConfigException.class,
        () -> load(new JsonObject().put("level", new JsonObject().put("hub.session", "VERBOSE")))).path());
    assertEquals("log.colour",
        assertThrows(ConfigException.class, () -> load(new JsonObject().put("colour", true))).path());
  }

  @Test
  void neverPrintsSecretsThroughTheRecords() {
    HubConfig c = load(new JsonObject());
    assertFalse(c.toString().contains("\"buffer\""), c.toString());
  }
}
