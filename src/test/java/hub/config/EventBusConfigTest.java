package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code cluster.eventBus} and {@code cluster.interfaces} (issue 10, item 12): strict, with a path in every error. */
class EventBusConfigTest {

  @TempDir
  Path dir;

  private static JsonObject base() {
    return new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys",
        new JsonArray().add(new JsonObject().put("algorithm", "HS256")
            .put("buffer", "config-test-hmac-secret-of-32-bytes")))));
  }

  private static JsonObject cluster(JsonObject cluster) {
    return base().put("cluster", cluster);
  }

  private static JsonObject tls(JsonObject tls) {
    return cluster(new JsonObject().put("eventBus", new JsonObject().put("tls", tls.put("enabled", true))));
  }

  private String file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "x").toString();
  }

  private static String refused(JsonObject json) {
    return assertThrows(ConfigException.class, () -> HubConfig.fromJson(json), json::encode).path();
  }

  @Test
  void plainTcpOnAFreePortByDefault() {
    ClusterConfig c = HubConfig.fromJson(base()).cluster();
    assertNull(c.eventBus().tls());
    assertNull(c.eventBus().publicHost());
    assertEquals(0, c.eventBus().port());
    assertEquals(List.of(), c.interfaces());
  }

  @Test
  void readsPinningAndEitherKindOfKeyMaterial() throws Exception {
    ClusterConfig c = HubConfig.fromJson(cluster(new JsonObject().put("interfaces", new JsonArray().add("10.0.1.*"))
        .put("eventBus", new JsonObject().put("publicHost", "10.0.1.5").put("port", 17001)))).cluster();
    assertEquals(List.of("10.0.1.*"), c.interfaces());
    assertEquals("10.0.1.5", c.eventBus().publicHost());
    assertEquals(17001, c.eventBus().port());

    EventBusConfig.Tls stores = HubConfig.fromJson(tls(new JsonObject().put("keyStore", file("node.p12"))
        .put("keyStorePassword", "p").put("trustStore", file("trust.jks")))).cluster().eventBus().tls();
    assertEquals("PKCS12", EventBusConfig.Tls.storeType(stores.keyStore()));
    assertEquals("JKS", EventBusConfig.Tls.storeType(stores.trustStore()));
    EventBusConfig.Tls pem = HubConfig.fromJson(tls(new JsonObject().put("certPem", file("node.crt"))
        .put("keyPem", file("node.key")).put("trustPem", file("ca.crt")))).cluster().eventBus().tls();
    assertEquals(dir.resolve("ca.crt").toString(), pem.trustPem());
  }

  @Test
  void incompleteOrAmbiguousTlsIsRefusedWithItsPath() throws Exception {
    String store = file("node.p12");
    String trust = file("trust.p12");
    assertEquals("cluster.eventBus.tls.keyStore", refused(tls(new JsonObject().put("trustStore", trust))));
    assertEquals("cluster.eventBus.tls.keyStore", refused(tls(new JsonObject().put("keyStore", store)
        .put("certPem", file("c.pem")).put("keyPem", file("k.pem")).put("trustStore", trust))));
    assertEquals("cluster.eventBus.tls.keyPem", refused(tls(new JsonObject().put("certPem", file("c2.pem"))
        .put("trustStore", trust))));
    assertEquals("cluster.eventBus.tls.trustStore", refused(tls(new JsonObject().put("keyStore", store))));
    assertEquals("cluster.eventBus.tls.trustStore", refused(tls(new JsonObject().put("keyStore", store)
        .put("trustStore", trust).put("trustPem", file("ca.pem")))));
    assertEquals("cluster.eventBus.tls.keyStore", refused(tls(new JsonObject()
        .put("keyStore", dir.resolve("missing.p12").toString()).put("trustStore", trust))));
    assertEquals("cluster.eventBus.tls.keyStore", refused(tls(new JsonObject().put("keyStore", 5))));
  }

  @Test
  void keysUnderADisabledTlsAndUnknownKeysAreRefused() throws Exception {
    assertEquals("cluster.eventBus.tls.keyStore", refused(cluster(new JsonObject().put("eventBus",
        new JsonObject().put("tls", new JsonObject().put("keyStore", file("n.p12")))))));
    assertEquals("cluster.eventBus.tls.clientAuth", refused(tls(new JsonObject().put("keyStore", file("m.p12"))
        .put("trustStore", file("t.p12")).put("clientAuth", "NONE"))));
    assertEquals("cluster.eventBus.prot", refused(cluster(new JsonObject().put("eventBus",
        new JsonObject().put("prot", 1)))));
    assertEquals("cluster.eventBus.port", refused(cluster(new JsonObject().put("eventBus",
        new JsonObject().put("port", 70_000)))));
    assertEquals("cluster.eventBus.publicHost", refused(cluster(new JsonObject().put("eventBus",
        new JsonObject().put("publicHost", " ")))));
    assertEquals("cluster.interfaces", refused(cluster(new JsonObject().put("interfaces",
        new JsonArray().add("eth0")))));
  }
}
