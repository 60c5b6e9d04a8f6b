package hub.cluster;

import com.hazelcast.config.Config;
import hub.config.ClusterConfig;
import hub.stream.hazelcast.StreamSerialization;
import hub.config.EventBusConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code cluster.*} does to the event bus and Hazelcast options. The TLS material must survive the copy Vert.x
 * makes through {@code toJson()} into the event bus's NetServer and NetClient options: a generic KeyStoreOptions
 * does not, and the node then fails to start with "Key/certificate is mandatory for SSL".
 */
class EventBusSetupTest {

  private static ClusterConfig cluster(List<String> interfaces, EventBusConfig bus) {
    return new ClusterConfig(true, "cluster.xml", null, "10.0.1.5", Duration.ofSeconds(15), 0, interfaces, bus);
  }

  @Test
  void mutualTlsSurvivesTheCopyIntoServerAndClientOptions() {
    EventBusOptions o = new EventBusOptions();
    EventBusSetup.apply(cluster(List.of(), new EventBusConfig("203.0.113.7", 17001, new EventBusConfig.Tls(
        "/k/node.p12", "p", null, null, "/k/trust.jks", "t", null))), o);
    assertEquals("10.0.1.5", o.getHost());
    assertEquals("203.0.113.7", o.getClusterPublicHost());
    assertEquals(17001, o.getPort());
    NetServerOptions server = new NetServerOptions(o.toJson());
    assertTrue(server.isSsl());
    assertEquals(ClientAuth.REQUIRED, server.getClientAuth());
    assertEquals("/k/node.p12", assertInstanceOf(PfxOptions.class, server.getKeyCertOptions()).getPath());
    assertEquals("/k/trust.jks", assertInstanceOf(JksOptions.class, server.getTrustOptions()).getPath());
    NetClientOptions client = new NetClientOptions(o.toJson());
    assertTrue(client.isSsl());
    assertFalse(client.isTrustAll());
    assertInstanceOf(PfxOptions.class, client.getKeyCertOptions());
    assertInstanceOf(JksOptions.class, client.getTrustOptions());

    EventBusOptions pem = new EventBusOptions();
    EventBusSetup.apply(cluster(List.of(), new EventBusConfig(null, 0, new EventBusConfig.Tls(
        null, null, "/k/node.crt", "/k/node.key", null, null, "/k/ca.crt"))), pem);
    NetServerOptions pemServer = new NetServerOptions(pem.toJson());
    assertEquals(List.of("/k/node.crt"),
        assertInstanceOf(PemKeyCertOptions.class, pemServer.getKeyCertOptions()).getCertPaths());
    assertEquals(List.of("/k/ca.crt"),
        assertInstanceOf(PemTrustOptions.class, pemServer.getTrustOptions()).getCertPaths());
  }

  @Test
  void withoutTlsTheEventBusStaysPlain() {
    EventBusOptions o = new EventBusOptions();
    EventBusSetup.apply(cluster(List.of(), new EventBusConfig(null, 0, null)), o);
    assertFalse(o.isSsl());
    assertEquals(0, o.getPort());
  }

  @Test
  void interfacesPinWhatHazelcastAnnouncesAndBinds() {
    Config config = HazelcastSetup.clusterManager(cluster(List.of("10.0.1.*", "10.0.2.7"),
        new EventBusConfig(null, 0, null)), c -> { }, StreamSerialization.MAP).getConfig();
    assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals(java.util.Set.of("10.0.1.*", "10.0.2.7"),
        java.util.Set.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("false", config.getProperty(HazelcastSetup.BIND_ANY));

    Config shipped = HazelcastSetup.clusterManager(cluster(List.of(), new EventBusConfig(null, 0, null)), c -> { },
        StreamSerialization.MAP).getConfig();
    assertEquals(List.of("127.0.0.1"), List.copyOf(shipped.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("false", shipped.getProperty(HazelcastSetup.BIND_ANY), "the shipped file listens on loopback only");
  }
}
