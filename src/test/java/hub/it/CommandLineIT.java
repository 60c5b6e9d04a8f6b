package hub.it;

import hub.support.HubProcess;
import hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar refuses a bad configuration or bad arguments the way an operator needs: exit code 2, nothing on
 * stdout, and exactly one line on stderr that names the key path (or the file, or the argument) and what is wrong.
 * No JVM warning is filtered out: the jar's manifest opens what Hazelcast needs, so a clean start prints none.
 */
class CommandLineIT {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A complete, valid configuration with one value changed. */
  private static Path configWith(String name, String section, String key, Object value) throws IOException {
    JsonObject config = TestHub.config(new JsonObject().put(section, new JsonObject().put(key, value)));
    Path dir = Files.createDirectories(Path.of("target", "hub-processes"));
    Path file = dir.resolve("bad-" + name + ".json");
    Files.writeString(file, config.encodePrettily());
    return file;
  }

  static Stream<Arguments> badConfigurations() {
    return Stream.of(
        Arguments.of("unknown-key", "client", "pingIntervalMsx", 5,
            "realtime-hub: config error: client.pingIntervalMsx: unknown key"),
        Arguments.of("wrong-type", "client", "pingIntervalMs", "fast",
            "realtime-hub: config error: client.pingIntervalMs: must be an integer"),
        Arguments.of("out-of-range", "http", "port", 70_000,
            "realtime-hub: config error: http.port: must be between 0 and 65535 (got 70000)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void aBadValueInTheConfigFileStopsStartUpWithOneLineNamingTheKey(String name, String section, String key,
                                                                   Object value, String expected) throws IOException {
    Path file = configWith(name, section, key, value);
    assertOneLineAndExit2(expected, HubProcess.run(TIMEOUT, "-conf", file.toString()));
  }

  @Test
  void aMissingConfigFileIsNamedAsMissing() {
    Path missing = Path.of("target", "hub-processes", "no-such-config.json");
    assertOneLineAndExit2("realtime-hub: config error: config file " + missing + " does not exist",
        HubProcess.run(TIMEOUT, "-conf", missing.toString()));
  }

  @Test
  void aBadCommandLineOverrideIsNamedByItsKeyPath() throws IOException {
    Path file = configWith("override-base", "client", "channelLimit", 8);
    assertOneLineAndExit2("realtime-hub: config error: client.maxConnections: must be between 1 and 10000000 (got 0)",
        HubProcess.run(TIMEOUT, "-conf", file.toString(), "--client.maxConnections=0"));
  }

  @Test
  void theShippedCredentialsRefuseAPublicAddressNamingTheKey() {
    assertOneLineAndExit2("realtime-hub: config error: auth.jwt.pubSecKeys[0].buffer: is a shipped or placeholder "
        + "value, which keeps the hub on loopback; set your own before listening on 0.0.0.0",
        HubProcess.run(TIMEOUT, "--http.host=0.0.0.0"));
  }

  @Test
  void tokenWithInfoThatIsNotJsonIsOneLineAndExit2() {
    assertOneLineAndExit2(
        "realtime-hub: --info must be a JSON object such as '{\"name\":\"Alice\"}' (got not json)",
        HubProcess.run(TIMEOUT, "token", "alice", "--info", "not json"));
  }

  @Test
  void tokenWithATtlThatIsNotANumberIsOneLineAndExit2() {
    assertOneLineAndExit2("realtime-hub: --ttl must be a whole number of seconds, 0 for no expiry (got soon)",
        HubProcess.run(TIMEOUT, "token", "alice", "--ttl", "soon"));
  }

  @Test
  void tokenWithoutExpiryIsRefusedWhileExpIsRequired() {
    assertOneLineAndExit2("realtime-hub: --ttl 0 mints a token without exp, which auth.requireExp refuses",
        HubProcess.run(TIMEOUT, "token", "alice", "--ttl", "0"));
    HubProcess.Run run = HubProcess.run(TIMEOUT, "token", "alice", "--ttl", "0", "--auth.requireExp=false");
    assertEquals(0, run.exitCode(), () -> "stderr: " + run.stderr());
  }

  @Test
  void aShortHmacKeyIsRefusedAtStartNamingItInOneLine() {
    assertOneLineAndExit2("realtime-hub: config error: auth.jwt.pubSecKeys[0].buffer: an HMAC key must be at least "
        + "32 bytes; this one (id k1) has 6",
        HubProcess.run(TIMEOUT, "--auth.jwt.pubSecKeys=[{\"algorithm\":\"HS256\",\"id\":\"k1\",\"buffer\":\"s3cret\"}]"));
  }

  @Test
  void tokenWithGoodArgumentsPrintsOneTokenAndExits0() {
    HubProcess.Run run = HubProcess.run(TIMEOUT, "token", "alice", "--ttl", "60", "--info", "{\"name\":\"Alice\"}");
    assertEquals(0, run.exitCode(), () -> "stderr: " + run.stderr());
    assertEquals(List.of(), run.stderr());
    assertEquals(1, run.stdout().size(), () -> "stdout: " + run.stdout());
    assertEquals(3, run.stdout().get(0).split("\\.").length, "a JWT: header.claims.signature");
  }

  private static void assertOneLineAndExit2(String expectedLine, HubProcess.Run run) {
    assertEquals(2, run.exitCode(), () -> "exit code; stdout " + run.stdout() + " stderr " + run.stderr());
    assertEquals(List.of(), run.stdout(), "nothing on stdout");
    assertEquals(List.of(expectedLine), run.stderr(), "exactly one line on stderr");
    assertTrue(run.stderr().get(0).length() < 200, "one short line");
  }
}
