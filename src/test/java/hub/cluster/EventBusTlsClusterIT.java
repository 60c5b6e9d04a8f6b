package hub.cluster;

import hub.support.Await;
import hub.support.TestCluster;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Mutual TLS on the clustered event bus (issue 10, item 12). Two nodes hold certificates the other trusts and a
 * third, joined to the same Hazelcast cluster (Hazelcast itself is not authenticated: the README says so), holds a
 * certificate nobody else trusts. Publications cross between the trusted nodes in both directions; none reaches
 * the intruder's clients, and none it publishes reaches the others. Certificates are made here with the JDK's
 * keytool, valid for two days, in a directory removed after the class.
 */
@Tag("cluster")
class EventBusTlsClusterIT {

  static final String PASSWORD = "test-store-password";

  @TempDir
  static Path dir;

  final List<TestHub> extra = new ArrayList<>();
  TestCluster cluster;

  @BeforeAll
  static void certificates() throws Exception {
    for (String node : new String[] {"a", "b", "intruder"}) {
      keytool("-genkeypair", "-alias", node, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + node,
          "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
          "-keystore", dir.resolve(node + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
      keytool("-exportcert", "-rfc", "-alias", node, "-keystore", dir.resolve(node + ".p12").toString(),
          "-storepass", PASSWORD, "-file", dir.resolve(node + ".pem").toString());
    }
    // The trusted pair: one PKCS12 trust store with a and b.
    for (String node : new String[] {"a", "b"}) {
      keytool("-importcert", "-noprompt", "-alias", node, "-file", dir.resolve(node + ".pem").toString(),
          "-storetype", "PKCS12", "-keystore", dir.resolve("trust.p12").toString(), "-storepass", PASSWORD);
    }
    // The intruder trusts everybody (a PEM bundle), so only the others' refusal can keep it out.
    Files.writeString(dir.resolve("all.pem"), Files.readString(dir.resolve("a.pem"))
        + Files.readString(dir.resolve("b.pem")) + Files.readString(dir.resolve("intruder.pem")));
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
    }
  }

  private static JsonObject tls(String node, JsonObject trust) {
    return new JsonObject().put("cluster", new JsonObject().put("eventBus", new JsonObject()
        .put("tls", trust.put("enabled", true).put("keyStore", dir.resolve(node + ".p12").toString())
            .put("keyStorePassword", PASSWORD))));
  }

  private static JsonObject trustedPair(String node) {
    return tls(node, new JsonObject().put("trustStore", dir.resolve("trust.p12").toString())
        .put("trustStorePassword", PASSWORD));
  }

  /** One more member of the test's cluster with its own TLS settings (not a's, which the cluster's config holds). */
  private JsonObject member(JsonObject tls) {
    return tls.mergeIn(new JsonObject().put("cluster", new JsonObject().put("enabled", true)
        .put("name", cluster.name())), true);
  }

  @AfterEach
  void stop() {
    extra.forEach(TestHub::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void publish(TestHub node, String channel, int n) {
    node.apiResult("publish", new JsonObject().put("channel", channel).put("data", new JsonObject().put("n", n)));
  }

  private static int received(WsClient c) {
    return c.push().getJsonObject("push").getJsonObject("pub").getJsonObject("data").getInteger("n");
  }

  @Test
  void publicationsCrossBetweenTrustedNodesAndNeverReachAnUntrustedOne() {
    // One node alone first, so that the second (its own keys) joins it; the shared test config is TLS-free.
    cluster = TestCluster.start(1, trustedPair("a"));
    TestHub a = cluster.node(0);
    TestHub b = TestHub.start(member(trustedPair("b")));
    extra.add(b);
    Await.equal("a and b see each other", 2, () -> a.node().clusterSize());

    WsClient onA = cluster.client(a, "ua");
    WsClient onB = cluster.client(b, "ub");
    onA.subscribe("news");
    onB.subscribe("news");
    publish(a, "news", 1);
    assertEquals(1, received(onA));
    assertEquals(1, received(onB), "a to b over TLS");
    publish(b, "news", 2);
    assertEquals(2, received(onA), "b to a over TLS");
    assertEquals(2, received(onB));

    TestHub intruder = TestHub.start(member(tls("intruder",
        new JsonObject().put("trustPem", dir.resolve("all.pem").toString()))));
    extra.add(intruder);
    Await.equal("the intruder is a Hazelcast member", 3, () -> a.node().clusterSize());
    WsClient onIntruder = cluster.client(intruder, "ux");
    onIntruder.subscribe("news");

    publish(a, "news", 3); // a dials the intruder: a refuses the intruder's server certificate
    publish(intruder, "news", 4); // the intruder dials b and a: they refuse its client certificate
    assertEquals(3, received(onA));
    assertEquals(3, received(onB));
    assertEquals(4, received(onIntruder), "the intruder's own local delivery");
    assertNull(onA.pollPush(Duration.ofSeconds(3)), "nothing from the untrusted node reaches a");
    assertNull(onB.pollPush(Duration.ofMillis(500)), "nothing from the untrusted node reaches b");
    assertNull(onIntruder.pollPush(Duration.ofMillis(500)), "nothing from a reaches the untrusted node");

    // The trusted pair is unharmed by the failed handshakes.
    publish(b, "news", 5);
    assertEquals(5, received(onA));
    assertEquals(5, received(onB));
  }
}
