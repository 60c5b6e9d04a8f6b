package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the configuration comes from: the shipped file, the default path, a file that is missing or not one JSON
 * object, and command-line overrides, typed as JSON and checked like the file.
 */
class ConfigFilesTest {

  /** The smallest configuration that loads: everything but the JWT key has a default. */
  private static JsonObject minimal() {
    return new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
        .put("pubSecKeys", new JsonArray().add(new JsonObject().put("algorithm", "HS256")
            .put("buffer", "config-test-hmac-secret-of-32-bytes")))));
  }

  @Test
  void loadsTheShippedConfiguration() {
    HubConfig c = ConfigLoader.load(Path.of("conf/hub.json"), Map.of());
    assertEquals(8000, c.http().port());
    assertFalse(c.api().keys().isEmpty(), "the shipped file carries a development API key");
    assertTrue(c.channels().namespaces().containsKey("chat"));
    assertTrue(c.client().pongTimeout().compareTo(c.client().pingInterval()) < 0);
  }

  @Test
  void loadsConfHubJsonFromTheWorkingDirectoryWhenNoFileIsGiven() {
    HubConfig c = ConfigLoader.load(null, Map.of());
    assertEquals(ConfigLoader.load(Path.of(ConfigLoader.DEFAULT_FILE), Map.of()), c);
  }

  @Test
  void saysAMissingFileDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
    assertEquals("", e.path());
    assertEquals("config file " + missing + " does not exist", e.getMessage());
  }

  @Test
  void saysADirectoryIsNotAConfigFile(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));
    assertEquals("config file " + dir + " is a directory", e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] <{0}>")
  @ValueSource(strings = {"{\"http\": {\"port\": 8000}", "not json at all", "[1, 2]", "\"a string\"", "", "null",
      "{\"a\":1} {\"b\":2}"})
  void refusesAFileThatIsNotOneJsonObject(String content, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
  }

  private static Path write(Path dir, JsonObject json) throws Exception {
    Path file = dir.resolve("hub.json");
    Files.writeString(file, json.encodePrettily(), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void commandLineOverridesAreTypedAsJsonWhenTheyParse(@TempDir Path dir) throws Exception {
    Path file = write(dir, minimal().put("client", new JsonObject().put("pingIntervalMs", 20_000)));
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("client.pingIntervalMs", "30000");
    overrides.put("client.allowedOrigins", "[\"https://a.example\",\"https://b.example\"]");
    overrides.put("auth.allowAnonymous", "true");
    overrides.put("node.name", "edge-7");
    overrides.put("channels.namespaces.news.allowPublish", "true");
    HubConfig c = ConfigLoader.load(file, overrides);
    assertEquals(Duration.ofSeconds(30), c.client().pingInterval());
    assertEquals(List.of("https://a.example", "https://b.example"), c.client().allowedOrigins());
    assertTrue(c.auth().allowAnonymous());
    assertEquals("edge-7", c.nodeName());
    assertEquals(new ChannelOptions(true, true, false, false, false, HistoryOptions.NONE), c.channels().namespaces().get("news"));
  }

  @Test
  void overridesAreCheckedLikeTheFile(@TempDir Path dir) throws Exception {
    Path file = write(dir, minimal());
    assertEquals("http.port",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of("http.port", "eighty"))).path());
    assertEquals("client.pingIntervalMS",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of("client.pingIntervalMS", "1")))
            .path());
    assertEquals("client.pongTimeoutMs",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of("client.pongTimeoutMs", "30000")))
            .path());
  }

  @Test
  void refusesAnOverrideBelowANonObjectValue(@TempDir Path dir) throws Exception {
    Path file = write(dir, minimal().put("node", new JsonObject().put("name", "n")));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file, Map.of("node.name.first", "x")));
    assertEquals("node.name.first", e.path());
  }

  @Test
  void overridesApplyToTheDefaultFileToo() {
    HubConfig c = ConfigLoader.load(null, Map.of("http.port", "0", "client.channelLimit", "7"));
    assertEquals(0, c.http().port());
    assertEquals(7, c.client().channelLimit());
  }
}
