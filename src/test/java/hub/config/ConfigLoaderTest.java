package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration contract: named defaults fill what is absent, and anything unusable (a typo, a wrong type, a
 * value out of range, an unsafe JWT setup, a file that cannot be read) stops start-up with the key path named.
 */
class ConfigLoaderTest {

  /** The smallest configuration that loads: everything but the JWT key has a default. */
  private static JsonObject minimal() {
    return new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
        .put("pubSecKeys", new JsonArray().add(new JsonObject().put("algorithm", "HS256").put("buffer", "config-test-hmac-secret-of-32-bytes")))));
  }

  /** {@link #minimal()} with {@code value} set at the dotted {@code path}. */
  private static JsonObject with(String path, Object value) {
    JsonObject root = minimal();
    String[] parts = path.split("\\.");
    JsonObject target = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = target.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        target.put(parts[i], next);
      }
      target = next;
    }
    target.put(parts[parts.length - 1], value);
    return root;
  }

  private static ConfigException refused(JsonObject json) {
    return assertThrows(ConfigException.class, () -> HubConfig.fromJson(json), () -> "accepted: " + json.encode());
  }

  // ---- defaults -------------------------------------------------------------------------------------------------

  @Test
  void theDefaultEventLoopsAreOnePerCoreButOneOnTwoCoresOrFewer() {
    assertEquals(1, HttpConfig.loopsForCores(1));
    assertEquals(1, HttpConfig.loopsForCores(2), "a second loop on two cores cost latency and throughput");
    assertEquals(3, HttpConfig.loopsForCores(3));
    assertEquals(16, HttpConfig.loopsForCores(16));
    HubConfig c = HubConfig.fromJson(minimal());
    assertEquals(HttpConfig.loopsForCores(Runtime.getRuntime().availableProcessors()), c.http().effectiveEventLoops());
    HubConfig two = HubConfig.fromJson(minimal().put("http", new io.vertx.core.json.JsonObject().put("eventLoops", 2)));
    assertEquals(2, two.http().effectiveEventLoops(), "a configured count is kept as it is");
  }

  @Test
  void appliesNamedDefaultsWhenKeysAreAbsent() {
    HubConfig c = HubConfig.fromJson(minimal());
    assertEquals(HttpConfig.DEFAULT_HOST, c.http().host());
    assertEquals(HttpConfig.DEFAULT_PORT, c.http().port());
    assertEquals(HttpConfig.DEFAULT_EVENT_LOOPS, c.http().eventLoops());
    assertEquals(HttpConfig.DEFAULT_MAX_BODY_BYTES, c.http().maxBodyBytes());
    assertEquals(HttpConfig.NetTransport.AUTO, c.http().transport(), "native where it loads, NIO elsewhere");
    assertFalse(c.api().allowQueryKey(), "?api_key= is opt-in");
    assertEquals(ApiConfig.DEFAULT_REQUEST_TIMEOUT, c.api().requestTimeout());
    assertTrue(c.api().requestTimeout().compareTo(HistoryConfig.DEFAULT_STORE_TIMEOUT) > 0,
        "a slow store answers its own error before the API's deadline");
    assertEquals(HttpConfig.DEFAULT_MAX_PENDING, c.http().maxPending());
    assertEquals(HttpConfig.DEFAULT_MAX_PENDING_PER_ADDRESS, c.http().maxPendingPerAddress());
    assertEquals(ClientConfig.DEFAULT_PING_INTERVAL, c.client().pingInterval());
    assertEquals(ClientConfig.DEFAULT_PONG_TIMEOUT, c.client().pongTimeout());
    assertEquals(ClientConfig.DEFAULT_CONNECT_TIMEOUT, c.client().connectTimeout());
    assertEquals(ClientConfig.DEFAULT_MAX_CONNECTIONS, c.client().maxConnections());
    assertEquals(ClientConfig.DEFAULT_MAX_MESSAGE_BYTES, c.client().maxMessageBytes());
    assertEquals(ClientConfig.DEFAULT_MAX_QUEUED_BYTES, c.client().maxQueuedBytes());
    assertEquals(ClientConfig.DEFAULT_CHANNEL_LIMIT, c.client().channelLimit());
    assertEquals(ClientConfig.DEFAULT_EXPIRED_CLOSE_DELAY, c.client().expiredCloseDelay());
    assertEquals(ClientConfig.DEFAULT_MAX_COMMANDS_PER_SECOND, c.client().maxCommandsPerSecond());
    assertEquals(List.of(), c.client().allowedOrigins());
    assertEquals(ChannelsConfig.DEFAULT_MAX_NAME_LENGTH, c.channels().maxNameLength());
    assertEquals(ChannelOptions.DEFAULTS, c.channels().defaults());
    assertEquals(Map.of(), c.channels().namespaces());
    assertEquals(ShutdownConfig.DEFAULT_DRAIN_WINDOW, c.shutdown().drainWindow());
    assertEquals(List.of(), c.api().keys());
    assertFalse(c.auth().allowAnonymous());
    assertFalse(c.cluster().enabled());
    assertEquals(ClusterConfig.DEFAULT_CONFIG_FILE, c.cluster().configFile());
    assertEquals(ClusterConfig.DEFAULT_PRESENCE_TTL, c.cluster().presenceTtl());
    assertEquals(new JvmConfig(JvmConfig.DEFAULT_MIN_HEAP_FREE_RATIO, JvmConfig.DEFAULT_MAX_HEAP_FREE_RATIO,
        JvmConfig.DEFAULT_PERIODIC_GC_INTERVAL_MS), c.jvm());
  }

  @Test
  void defaultsMatchTheDocumentedContract() {
    // issue 2 fixes these numbers; a change here is a change of contract, not a refactoring
    assertEquals(8000, HttpConfig.DEFAULT_PORT);
    assertEquals(Duration.ofMillis(25_000), ClientConfig.DEFAULT_PING_INTERVAL);
    assertEquals(Duration.ofMillis(8_000), ClientConfig.DEFAULT_PONG_TIMEOUT);
    assertEquals(Duration.ofMillis(10_000), ClientConfig.DEFAULT_CONNECT_TIMEOUT);
    assertEquals(65_536, ClientConfig.DEFAULT_MAX_MESSAGE_BYTES);
    assertEquals(1024 * 1024, ClientConfig.DEFAULT_MAX_QUEUED_BYTES);
    assertEquals(128, ClientConfig.DEFAULT_CHANNEL_LIMIT);
  }

  @Test
  void readsMillisecondKeysAsDurations() {
    JsonObject json = with("client.pingIntervalMs", 1500).put("shutdown", new JsonObject().put("drainWindowMs", 0));
    json.getJsonObject("client").put("pongTimeoutMs", 700);
    HubConfig c = HubConfig.fromJson(json);
    assertEquals(Duration.ofMillis(700), c.client().pongTimeout());
    assertEquals(Duration.ofMillis(1500), c.client().pingInterval());
    assertEquals(Duration.ZERO, c.shutdown().drainWindow());
  }

  @Test
  void readsTheApiDeadlineAndTheNodeWidePendingCap() {
    JsonObject json = with("api.requestTimeoutMs", 750);
    json.put("http", new JsonObject().put("maxPending", 12).put("maxPendingPerAddress", 3));
    HubConfig c = HubConfig.fromJson(json);
    assertEquals(Duration.ofMillis(750), c.api().requestTimeout());
    assertEquals(12, c.http().maxPending());
    assertEquals(3, c.http().maxPendingPerAddress());
  }

  @Test
  void readsTheEventLoopLagLimitWithZeroForOff() {
    assertEquals(LimitsConfig.DEFAULT_MAX_EVENT_LOOP_LAG_MS,
        HubConfig.fromJson(minimal()).limits().maxEventLoopLagMs());
    assertEquals(120, HubConfig.fromJson(with("limits.maxEventLoopLagMs", 120)).limits().maxEventLoopLagMs());
    assertEquals(0, HubConfig.fromJson(with("limits.maxEventLoopLagMs", 0)).limits().maxEventLoopLagMs(),
        "0 turns lag shedding off");
  }

  // ---- unknown keys ---------------------------------------------------------------------------------------------

  static Stream<Arguments> unknownKeys() {
    return Stream.of(
        Arguments.of(with("bogus", 1), "bogus"),
        Arguments.of(with("client.pingIntervalMS", 25_000), "client.pingIntervalMS"),
        Arguments.of(with("http.prot", 8000), "http.prot"),
        Arguments.of(with("node.nmae", "x"), "node.nmae"),
        Arguments.of(with("api.key", "k"), "api.key"),
        Arguments.of(with("auth.allowAnonymus", true), "auth.allowAnonymus"),
        Arguments.of(with("shutdown.drainWindow", 5), "shutdown.drainWindow"),
        Arguments.of(with("channels.default.allowPublsh", true), "channels.default.allowPublsh"),
        Arguments.of(with("channels.namespaces.chat", new JsonObject().put("historySise", 10)),
            "channels.namespaces.chat.historySise"),
        Arguments.of(with("history.maxByte", 10), "history.maxByte"),
        Arguments.of(with("channels.nmespaces", new JsonObject()), "channels.nmespaces"),
        Arguments.of(with("cluster.enabeld", true), "cluster.enabeld"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unknownKeys")
  void refusesUnknownKeysNamingTheirPath(JsonObject json, String path) {
    ConfigException e = refused(json);
    assertEquals(path, e.path());
    assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
  }

  @Test
  void refusesUnknownKeysInsideTheJwtOptions() {
    JsonObject json = minimal();
    json.getJsonObject("auth").getJsonObject("jwt").put("pubSecKey", new JsonArray());
    assertEquals("auth.jwt.pubSecKey", refused(json).path());

    json = minimal();
    json.getJsonObject("auth").getJsonObject("jwt").getJsonArray("pubSecKeys").getJsonObject(0).put("secret", "x");
    assertEquals("auth.jwt.pubSecKeys[0].secret", refused(json).path());

    json = minimal();
    json.getJsonObject("auth").getJsonObject("jwt").put("jwtOptions", new JsonObject().put("issuers", "x"));
    assertEquals("auth.jwt.jwtOptions.issuers", refused(json).path());
  }

  // ---- wrong types and ranges -----------------------------------------------------------------------------------

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("client.pingIntervalMs", "25s"),
        Arguments.of("client.pingIntervalMs", 2500.5),
        Arguments.of("client.maxConnections", true),
        Arguments.of("client.allowedOrigins", "http://localhost:*"),
        Arguments.of("http.port", "8000"),
        Arguments.of("http.host", 127),
        Arguments.of("node.name", new JsonArray()),
        Arguments.of("api.keys", "one-key"),
        Arguments.of("api.allowQueryKey", "true"),
        Arguments.of("api.requestTimeoutMs", "5s"),
        Arguments.of("http.maxPending", "4096"),
        Arguments.of("auth.allowAnonymous", "yes"),
        Arguments.of("channels.default.allowSubscribe", 1),
        Arguments.of("channels.namespaces.chat", true),
        Arguments.of("client", 5),
        Arguments.of("auth.jwt", "secret"),
        Arguments.of("cluster.enabled", "yes"),
        Arguments.of("channels.default.presence", "on"),
        Arguments.of("channels.namespaces.room.forcePushJoinLeave", "true"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("wrongTypes")
  void refusesValuesOfTheWrongType(String path, Object value) {
    assertEquals(path, refused(with(path, value)).path());
  }

  @Test
  void namesTheIndexOfABadArrayElement() {
    assertEquals("client.allowedOrigins[1]",
        refused(with("client.allowedOrigins", new JsonArray().add("https://a.example").add(5))).path());
    assertEquals("api.keys[0]", refused(with("api.keys", new JsonArray().add("  "))).path());
  }

  @Test
  void anOriginPatternThatDoesNotParseStopsStartNamingItsIndex() {
    ConfigException e = refused(with("client.allowedOrigins",
        new JsonArray().add("http://localhost:*").add("http://localhost*")));
    assertEquals("client.allowedOrigins[1]", e.path());
    assertTrue(e.getMessage().contains("http://localhost*"), e.getMessage());
    assertEquals("client.allowedOrigins[0]",
        refused(with("client.allowedOrigins", new JsonArray().add("https://app.example.com/"))).path());
  }

  @ParameterizedTest
  @ValueSource(strings = {"conf/hub.json", "conf/compose/hub1.json", "conf/compose/hub2.json", "conf/compose/hub3.json"})
  void everyShippedOriginPatternParses(String file) {
    // The compose files take their secrets from the environment, so only the origins are read here.
    JsonArray origins = ConfigLoader.loadJson(Path.of(file), Map.of()).getJsonObject("client")
        .getJsonArray("allowedOrigins");
    assertFalse(origins.isEmpty(), file);
    for (Object origin : origins) {
      assertNotNull(OriginPattern.parse((String) origin), file + ": " + origin);
    }
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("http.port", 65_536),
        Arguments.of("http.port", -1),
        Arguments.of("http.eventLoops", 257),
        Arguments.of("client.pingIntervalMs", 99),
        Arguments.of("client.pongTimeoutMs", 0),
        Arguments.of("client.connectTimeoutMs", 600_001),
        Arguments.of("client.maxConnections", 0),
        Arguments.of("client.maxMessageBytes", 255),
        Arguments.of("client.maxQueuedBytes", 1023),
        Arguments.of("client.channelLimit", 0),
        Arguments.of("client.maxCommandsPerSecond", 0),
        Arguments.of("channels.maxNameLength", 1025),
        Arguments.of("shutdown.drainWindowMs", -1),
        Arguments.of("cluster.presenceTtlMs", 2_999),
        Arguments.of("jvm.minHeapFreeRatio", -1),
        Arguments.of("jvm.maxHeapFreeRatio", 101),
        Arguments.of("api.requestTimeoutMs", 99),
        Arguments.of("api.requestTimeoutMs", 600_001),
        Arguments.of("http.maxPending", 0),
        Arguments.of("limits.maxEventLoopLagMs", -1),
        Arguments.of("limits.maxEventLoopLagMs", LimitsConfig.MAX_EVENT_LOOP_LAG_MS + 1),
        // far beyond int and long: must not wrap around into the accepted range
        Arguments.of("client.channelLimit", 1e300));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("outOfRange")
  void refusesValuesOutOfRange(String path, Object value) {
    ConfigException e = refused(with(path, value));
    assertEquals(path, e.path());
    assertTrue(e.getMessage().contains("between"), e.getMessage());
  }

  @Test
  void refusesHugeIntegersInsteadOfWrappingThemAround() {
    JsonObject json = new JsonObject(minimal().encode().replaceFirst("^\\{",
        "{\"http\":{\"port\":18446744073709559616},"));
    assertEquals("http.port", refused(json).path());
  }

  @ParameterizedTest(name = "pong {0} ms, ping 1000 ms")
  @ValueSource(ints = {1000, 1001, 5000})
  void refusesPongTimeoutNotBelowPingInterval(int pongMs) {
    JsonObject json = with("client.pingIntervalMs", 1000);
    json.getJsonObject("client").put("pongTimeoutMs", pongMs);
    ConfigException e = refused(json);
    assertEquals("client.pongTimeoutMs", e.path());
    assertTrue(e.getMessage().contains("client.pingIntervalMs"), e.getMessage());
  }

  @Test
  void refusesAMinimumHeapFreeRatioAboveTheMaximum() {
    JsonObject json = with("jvm.minHeapFreeRatio", 30);
    json.getJsonObject("jvm").put("maxHeapFreeRatio", 29);
    ConfigException e = refused(json);
    assertEquals("jvm.minHeapFreeRatio", e.path());
    assertTrue(e.getMessage().contains("jvm.maxHeapFreeRatio"), e.getMessage());
    json.getJsonObject("jvm").put("maxHeapFreeRatio", 30);
    assertEquals(new JvmConfig(30, 30, JvmConfig.DEFAULT_PERIODIC_GC_INTERVAL_MS), HubConfig.fromJson(json).jvm());
  }

  @Test
  void readsThePeriodicSettleWaitWithZeroForNone() {
    assertEquals(JvmConfig.DEFAULT_PERIODIC_GC_SETTLE_MS, HubConfig.fromJson(minimal()).jvm().periodicGcSettleMs());
    assertEquals(0, HubConfig.fromJson(with("jvm.periodicGcSettleMs", 0)).jvm().periodicGcSettleMs());
    assertEquals("jvm.periodicGcSettleMs", refused(with("jvm.periodicGcSettleMs", -1)).path());
  }

  @Test
  void coalescesWritesByDefaultAndTakesOnlyABooleanToTurnItOff() {
    assertTrue(HubConfig.fromJson(minimal()).client().coalesceWrites());
    assertEquals(ClientConfig.DEFAULT_COALESCE_WRITES, HubConfig.fromJson(minimal()).client().coalesceWrites());
    assertFalse(HubConfig.fromJson(with("client.coalesceWrites", false)).client().coalesceWrites());
    assertEquals("client.coalesceWrites", refused(with("client.coalesceWrites", "no")).path());
  }

  @Test
  void acceptsPongTimeoutJustBelowPingInterval() {
    JsonObject json = with("client.pingIntervalMs", 1000);
    json.getJsonObject("client").put("pongTimeoutMs", 999);
    assertEquals(Duration.ofMillis(999), HubConfig.fromJson(json).client().pongTimeout());
  }

  @Test
  void refusesDefaultPongTimeoutAboveAShortPingInterval() {
    // 8000 ms default pong against a 5000 ms ping: the check must see the default, not only explicit values
    assertEquals("client.pongTimeoutMs", refused(with("client.pingIntervalMs", 5000)).path());
  }

  // ---- auth.jwt: never an unsecured verifier --------------------------------------------------------------------

  static Stream<Arguments> unsafeJwt() {
    return Stream.of(
        Arguments.of("no auth section", new JsonObject()),
        Arguments.of("auth without jwt", new JsonObject().put("auth", new JsonObject().put("allowAnonymous", true))),
        Arguments.of("empty jwt", new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()))),
        Arguments.of("empty key lists", new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
            .put("pubSecKeys", new JsonArray()).put("jwks", new JsonArray())))),
        Arguments.of("only jwtOptions", new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
            .put("jwtOptions", new JsonObject().put("leeway", 5))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafeJwt")
  void refusesJwtSetupWithoutKeys(String name, JsonObject json) {
    assertEquals("auth.jwt", refused(json).path());
  }

  @Test
  void refusesJwtKeysMissingAlgorithmOrSecret() {
    JsonObject noAlg = minimal();
    noAlg.getJsonObject("auth").getJsonObject("jwt").getJsonArray("pubSecKeys").getJsonObject(0).remove("algorithm");
    assertEquals("auth.jwt.pubSecKeys[0].algorithm", refused(noAlg).path());

    JsonObject emptySecret = minimal();
    emptySecret.getJsonObject("auth").getJsonObject("jwt").getJsonArray("pubSecKeys").getJsonObject(0).put("buffer", "");
    assertEquals("auth.jwt.pubSecKeys[0].buffer", refused(emptySecret).path());

    JsonObject notObject = minimal();
    notObject.getJsonObject("auth").getJsonObject("jwt").put("pubSecKeys", new JsonArray().add("HS256"));
    assertEquals("auth.jwt.pubSecKeys[0]", refused(notObject).path());

    JsonObject notArray = minimal();
    notArray.getJsonObject("auth").getJsonObject("jwt").put("jwks", new JsonObject());
    assertEquals("auth.jwt.jwks", refused(notArray).path());
  }

  @Test
  void refusesJwksEntriesThatAreNotObjects() {
    JsonObject json = new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject()
        .put("jwks", new JsonArray().add(1))));
    assertEquals("auth.jwt.jwks[0]", refused(json).path());
  }

  @Test
  void refusesUnknownJwtAlgorithm() {
    JsonObject json = minimal();
    json.getJsonObject("auth").getJsonObject("jwt").getJsonArray("pubSecKeys").getJsonObject(0)
        .put("algorithm", "HS257");
    assertEquals("auth.jwt.pubSecKeys[0].algorithm", refused(json).path());
  }

  // ---- channels -------------------------------------------------------------------------------------------------

  @Test
  void namespaceInheritsUnsetOptionsFromDefault() {
    JsonObject json = minimal().put("channels", new JsonObject()
        .put("default", new JsonObject().put("allowSubscribe", false).put("allowPublish", true).put("presence", true))
        .put("namespaces", new JsonObject()
            .put("chat", new JsonObject().put("allowSubscribe", true).put("joinLeave", true))
            .put("feed", new JsonObject().put("allowPublish", false).put("presence", false))
            .put("bare", new JsonObject())));
    ChannelsConfig c = HubConfig.fromJson(json).channels();
    assertEquals(new ChannelOptions(false, true, true, false, false, HistoryOptions.NONE), c.defaults());
    assertEquals(new ChannelOptions(true, true, true, true, false, HistoryOptions.NONE), c.namespaces().get("chat"));
    assertEquals(new ChannelOptions(false, false, false, false, false, HistoryOptions.NONE), c.namespaces().get("feed"));
    assertEquals(new ChannelOptions(false, true, true, false, false, HistoryOptions.NONE), c.namespaces().get("bare"));
  }

  @Test
  void publishRefinementsAreOffUnlessSetAndAreInherited() {
    ChannelOptions defaults = HubConfig.fromJson(minimal()).channels().defaults();
    assertFalse(defaults.allowPublishForSubscriber());
    assertFalse(defaults.allowPublishForAnonymous());
    JsonObject json = minimal().put("channels", new JsonObject()
        .put("default", new JsonObject().put("allowPublishForSubscriber", true))
        .put("namespaces", new JsonObject()
            .put("lobby", new JsonObject().put("allowPublishForAnonymous", true))
            .put("room", new JsonObject().put("allowPublishForSubscriber", false))));
    ChannelsConfig c = HubConfig.fromJson(json).channels();
    assertEquals(new ChannelOptions(true, false, false, false, false, HistoryOptions.NONE, true, true),
        c.namespaces().get("lobby"));
    assertEquals(new ChannelOptions(true, false, false, false, false, HistoryOptions.NONE, false, false),
        c.namespaces().get("room"));
  }

  @Test
  void publishRefinementsMustBeBooleans() {
    JsonObject json = minimal().put("channels", new JsonObject()
        .put("namespaces", new JsonObject().put("room", new JsonObject().put("allowPublishForAnonymous", "yes"))));
    assertEquals("channels.namespaces.room.allowPublishForAnonymous", refused(json).path());
  }

  @Test
  void forcePushJoinLeaveIsOffUnlessSetAndIsInheritedLikeTheOtherOptions() {
    assertFalse(HubConfig.fromJson(minimal()).channels().defaults().forcePushJoinLeave());
    assertEquals(ChannelOptions.DEFAULT_FORCE_PUSH_JOIN_LEAVE, ChannelOptions.DEFAULTS.forcePushJoinLeave());
    JsonObject json = minimal().put("channels", new JsonObject()
        .put("default", new JsonObject().put("joinLeave", true).put("forcePushJoinLeave", true))
        .put("namespaces", new JsonObject()
            .put("lobby", new JsonObject())
            .put("room", new JsonObject().put("presence", true).put("forcePushJoinLeave", false))));
    ChannelsConfig c = HubConfig.fromJson(json).channels();
    assertEquals(new ChannelOptions(true, false, false, true, true, HistoryOptions.NONE), c.defaults());
    assertEquals(new ChannelOptions(true, false, false, true, true, HistoryOptions.NONE), c.namespaces().get("lobby"));
    assertEquals(new ChannelOptions(true, false, true, true, false, HistoryOptions.NONE), c.namespaces().get("room"));
  }

  @Test
  void refusesABlankClusterName() {
    assertEquals("cluster.name", refused(with("cluster.name", " ")).path());
  }

  @Test
  void namespaceWithoutDefaultSectionInheritsBuiltInDefaults() {
    ChannelsConfig c = HubConfig.fromJson(with("channels.namespaces.news", new JsonObject())).channels();
    assertEquals(ChannelOptions.DEFAULTS, c.namespaces().get("news"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"a", "", "with space", "ns:sub", "$priv", "dm#user", "chät", "a.b"})
  void refusesBadNamespaceNames(String name) {
    JsonObject json = with("channels.namespaces", new JsonObject().put(name, new JsonObject()));
    assertEquals("channels.namespaces." + name, refused(json).path());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"ab", "chat", "Chat-2", "my_ns", "--"})
  void acceptsValidNamespaceNames(String name) {
    JsonObject json = with("channels.namespaces", new JsonObject().put(name, new JsonObject()));
    assertTrue(HubConfig.fromJson(json).channels().namespaces().containsKey(name));
  }
}
