package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stream options of namespaces and the node's history store: defaults, inheritance and refused setups. */
class HistoryOptionsTest {

  private static JsonObject config(JsonObject channels) {
    return new JsonObject()
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", "a-test-secret-of-at-least-32-bytes!")))))
        .put("channels", channels);
  }

  private static ChannelsConfig channels(JsonObject channels) {
    return HubConfig.fromJson(config(channels)).channels();
  }

  private static ConfigException refused(JsonObject channels) {
    return assertThrows(ConfigException.class, () -> HubConfig.fromJson(config(channels)));
  }

  private static JsonObject ns(String name, JsonObject options) {
    return new JsonObject().put("namespaces", new JsonObject().put(name, options));
  }

  @Test
  void historyIsOffByDefaultEverywhere() {
    HubConfig c = HubConfig.fromJson(config(ns("chat", new JsonObject())));
    assertFalse(c.channels().defaults().history().enabled());
    assertEquals(HistoryOptions.NONE, c.channels().namespaces().get("chat").history());
    assertEquals(HistoryConfig.DEFAULT_MAX_BYTES, c.history().maxBytes());
    assertEquals(ClientConfig.DEFAULT_RECOVERY_MAX_PUBLICATION_LIMIT, c.client().recoveryMaxPublicationLimit());
    assertEquals(ClientConfig.DEFAULT_HISTORY_MAX_PUBLICATION_LIMIT, c.client().historyMaxPublicationLimit());
    assertEquals(Duration.ofSeconds(40), c.client().channelPositionCheckDelay());
    assertEquals(Duration.ofDays(30), c.channels().defaults().history().metaTtl());
  }

  @Test
  void aNamespaceWithSizeAndTtlKeepsHistoryAndItsOptions() {
    HistoryOptions h = channels(ns("chat", new JsonObject().put("historySize", 100).put("historyTtlMs", 300_000)
        .put("forceRecovery", true).put("recoveryMode", "cache").put("allowHistoryForSubscriber", true)))
        .namespaces().get("chat").history();
    assertTrue(h.enabled());
    assertEquals(100, h.size());
    assertEquals(Duration.ofMinutes(5), h.ttl());
    assertTrue(h.forceRecovery());
    assertEquals(HistoryOptions.RecoveryMode.CACHE, h.recoveryMode());
    assertTrue(h.allowHistoryForSubscriber());
  }

  @Test
  void aNamespaceInheritsHistoryFromDefaultAndMaySwitchItOff() {
    JsonObject json = new JsonObject()
        .put("default", new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000).put("allowRecovery", true))
        .put("namespaces", new JsonObject()
            .put("chat", new JsonObject().put("historySize", 50))
            .put("plain", new JsonObject().put("historySize", 0).put("historyTtlMs", 0).put("allowRecovery", false)));
    ChannelsConfig c = channels(json);
    HistoryOptions chat = c.namespaces().get("chat").history();
    assertEquals(50, chat.size());
    assertEquals(Duration.ofMinutes(1), chat.ttl());
    assertTrue(chat.allowRecovery());
    assertFalse(c.namespaces().get("plain").history().enabled());
  }

  @Test
  void sizeWithoutTtlIsRefusedNamingTheMissingKey() {
    ConfigException e = refused(ns("chat", new JsonObject().put("historySize", 10)));
    assertEquals("channels.namespaces.chat.historyTtlMs", e.path());
    ConfigException f = refused(ns("chat", new JsonObject().put("historyTtlMs", 1000)));
    assertEquals("channels.namespaces.chat.historySize", f.path());
  }

  @ParameterizedTest
  @ValueSource(strings = {"forcePositioning", "allowPositioning", "forceRecovery", "allowRecovery",
      "allowHistoryForSubscriber"})
  void streamFeaturesWithoutHistoryAreRefused(String option) {
    ConfigException e = refused(ns("chat", new JsonObject().put(option, true)));
    assertEquals("channels.namespaces.chat.historySize", e.path());
  }

  @Test
  void anUnknownRecoveryModeAndAMetaTtlBelowTheTtlAreRefused() {
    JsonObject history = new JsonObject().put("historySize", 10).put("historyTtlMs", 60_000);
    assertEquals("channels.default.recoveryMode",
        refused(new JsonObject().put("default", history.copy().put("recoveryMode", "all"))).path());
    assertEquals("channels.default.historyMetaTtlMs",
        refused(new JsonObject().put("default", history.copy().put("historyMetaTtlMs", 1000))).path());
  }

  @Test
  void theNodeHistoryStoreIsConfigurableAndStrict() {
    HubConfig c = HubConfig.fromJson(config(new JsonObject()).put("history",
        new JsonObject().put("maxBytes", 4096).put("storeTimeoutMs", 500).put("gapFillDelayMs", 50)));
    assertEquals(4096, c.history().maxBytes());
    assertEquals(Duration.ofMillis(500), c.history().storeTimeout());
    assertEquals(Duration.ofMillis(50), c.history().gapFillDelay());
    ConfigException e = assertThrows(ConfigException.class, () -> HubConfig.fromJson(config(new JsonObject())
        .put("history", new JsonObject().put("maxBytes", 10))));
    assertEquals("history.maxBytes", e.path());
  }
}
