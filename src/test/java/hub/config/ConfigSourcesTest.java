package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings from where orchestrators put them (a mounted secret directory, environment variables, system
 * properties) go through the same strict checks as the file, a bad one is named by its source, and no error ever
 * quotes a value read from those places.
 */
class ConfigSourcesTest {

  @TempDir
  Path dir;

  private Path file(JsonObject json) throws Exception {
    Path f = dir.resolve("hub.json");
    Files.writeString(f, json.encodePrettily(), StandardCharsets.UTF_8);
    return f;
  }

  /** A file without any secret: the JWT key and API key must come from elsewhere. */
  private Path fileWithoutSecrets() throws Exception {
    return file(new JsonObject().put("client", new JsonObject().put("pingIntervalMs", 20_000)));
  }

  private Path secretsDir() throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    // What a Kubernetes Secret volume looks like: the keys are symlinks into a hidden, timestamped directory.
    Path data = Files.createDirectories(secrets.resolve("..2026_12_02_10_00_00.1"));
    Files.writeString(data.resolve("auth.jwt.pubSecKeys"),
        "[{\"algorithm\":\"HS256\",\"buffer\":\"jwt-secret-from-file-at-least-32-bytes\"}]\n");
    Files.writeString(data.resolve("api.keys"), "[\"api-key-from-file\"]");
    Files.createSymbolicLink(secrets.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(secrets.resolve("auth.jwt.pubSecKeys"), Path.of("..data/auth.jwt.pubSecKeys"));
    Files.createSymbolicLink(secrets.resolve("api.keys"), Path.of("..data/api.keys"));
    return secrets;
  }

  @Test
  void readsSecretsFromAMountedSecretDirectory() throws Exception {
    Map<String, String> env = Map.of(ConfigSources.DIR_VARIABLE, secretsDir().toString());
    HubConfig c = ConfigLoader.load(fileWithoutSecrets(), Map.of(), env, new Properties());
    assertEquals(List.of("api-key-from-file"), c.api().keys());
    assertEquals("jwt-secret-from-file-at-least-32-bytes",
        c.auth().jwt().getJsonArray("pubSecKeys").getJsonObject(0).getString("buffer"));
    assertEquals(Duration.ofSeconds(20), c.client().pingInterval(), "the file's own keys stay");
  }

  @Test
  void environmentVariablesSetNestedKeysWithTheirCaseKept() throws Exception {
    Map<String, String> env = Map.of(
        ConfigSources.DIR_VARIABLE, secretsDir().toString(),
        "HUB__client__pingIntervalMs", "30000",
        "HUB__api__keys", "[\"api-key-from-env\"]",
        "HUB__node__name", "edge-3",
        "PATH", "/usr/bin");
    HubConfig c = ConfigLoader.load(fileWithoutSecrets(), Map.of(), env, new Properties());
    assertEquals(Duration.ofSeconds(30), c.client().pingInterval());
    assertEquals(List.of("api-key-from-env"), c.api().keys(), "the environment is laid over the directory");
    assertEquals("edge-3", c.nodeName());
  }

  @Test
  void systemPropertiesBeatTheEnvironmentAndTheCommandLineBeatsBoth() throws Exception {
    Map<String, String> env = Map.of(ConfigSources.DIR_VARIABLE, secretsDir().toString(),
        "HUB__client__channelLimit", "5", "HUB__http__port", "8100");
    Properties sys = new Properties();
    sys.setProperty("hub.client.channelLimit", "6");
    sys.setProperty("hub.http.port", "8200");
    sys.setProperty("java.version", "ignored: no hub. prefix");
    HubConfig c = ConfigLoader.load(fileWithoutSecrets(), Map.of("http.port", "8300"), env, sys);
    assertEquals(6, c.client().channelLimit());
    assertEquals(8300, c.http().port());
  }

  @Test
  void anUnknownKeyFromTheEnvironmentIsRefusedNamingTheVariable() throws Exception {
    Map<String, String> env = Map.of(ConfigSources.DIR_VARIABLE, secretsDir().toString(),
        "HUB__client__pingIntervalMS", "30000");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(), env, new Properties()));
    assertEquals("client.pingIntervalMS", e.path());
    assertEquals("client.pingIntervalMS: unknown key (set by environment variable HUB__client__pingIntervalMS)",
        e.getMessage());
  }

  @Test
  void anUnknownKeyFromTheSecretDirectoryIsRefusedNamingTheFile() throws Exception {
    Path secrets = secretsDir();
    Files.writeString(secrets.resolve("api.key"), "[\"typo-in-the-file-name\"]");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(),
        Map.of(ConfigSources.DIR_VARIABLE, secrets.toString()), new Properties()));
    assertEquals("api.key", e.path());
    assertTrue(e.getMessage().contains("file " + secrets.resolve("api.key")), e.getMessage());
    assertFalse(e.getMessage().contains("typo-in-the-file-name"), e.getMessage());
  }

  @Test
  void aBadSecretIsNamedWithoutQuotingIt() throws Exception {
    Path secrets = secretsDir();
    Files.delete(secrets.resolve("auth.jwt.pubSecKeys"));
    Files.writeString(secrets.resolve("auth.jwt.pubSecKeys"),
        new JsonArray().add(new JsonObject().put("algorithm", "HS999").put("buffer", "TOP-SECRET-9f2")).encode());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(),
        Map.of(ConfigSources.DIR_VARIABLE, secrets.toString()), new Properties()));
    assertEquals("auth.jwt.pubSecKeys[0].algorithm", e.path());
    assertTrue(e.getMessage().endsWith("(set by file " + secrets.resolve("auth.jwt.pubSecKeys") + ")"),
        e.getMessage());
    assertFalse(e.getMessage().contains("TOP-SECRET-9f2"), e.getMessage());
  }

  @Test
  void aSecretDirectoryThatIsNotADirectoryStopsStartUp() throws Exception {
    Path missing = dir.resolve("not-mounted");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(),
        Map.of(ConfigSources.DIR_VARIABLE, missing.toString()), new Properties()));
    assertEquals("HUB_CONFIG_DIR " + missing + " is not a directory", e.getMessage());
  }

  @Test
  void anEnvironmentVariableThatIsNoKeyPathIsRefused() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(),
        Map.of("HUB__", "x"), new Properties()));
    assertTrue(e.getMessage().contains("environment variable HUB__"), e.getMessage());
  }

  @Test
  void withoutASecretFromAnywhereTheMissingKeyIsNamed() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(fileWithoutSecrets(), Map.of(), Map.of(), new Properties()));
    assertEquals("auth.jwt", e.path());
  }
}
